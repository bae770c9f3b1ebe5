/**
 * Measures a whole-organisation sync against the sandbox over loopback, with the rows
 * the no-change sync writes, and the first page of the unmatched report of a large
 * organisation at 50 ms bksb latency; prints the figures (it asserts nothing).
 * `npm run bench:sync [-- --people 2000 --latency-ms 20 --unmatched-people 5000]`;
 * BENCH_DATABASE_URL=postgres://... to run on PostgreSQL instead of a temporary SQLite file.
 */
import { startBksbSandbox } from '@picsweb/bksb-sandbox';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { AppModule } from '../../../apps/picsweb/src/app.module';
import { createNestApp } from '../../../apps/picsweb/src/bootstrap';
import { loadAppConfig } from '../../../apps/picsweb/src/config/environment';
import { OrganisationsService } from '../../../apps/picsweb/src/organisations/organisations.service';
import { Person } from '../../../apps/picsweb/src/people/person.entity';
import { BksbSettingsService } from '../../../libs/bksb-integration/src/services/bksb-settings.service';
import { BksbSyncRunStore } from '../../../libs/bksb-integration/src/sync/bksb-sync-run.store';
import { BksbSyncService } from '../../../libs/bksb-integration/src/sync/bksb-sync.service';
import { BksbUnmatchedService } from '../../../libs/bksb-integration/src/services/bksb-unmatched.service';
import { countRowsWritten } from '../../support/rows-written';
import { BksbAccountLink } from '../../../libs/bksb-integration/src/entities/bksb-account-link.entity';
import { AppLogger } from '@picsweb/common';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

async function main(): Promise<void> {
  const peopleCount = flag('people', 2000);
  const latencyMs = flag('latency-ms', 20);
  const unmatchedCount = flag('unmatched-people', 5000);
  const sandbox = await startBksbSandbox({ latency: { fixedMs: latencyMs } });
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(mkdtempSync(join(tmpdir(), 'picsweb-bench-')), 'bench.sqlite')}`;
  const config = loadAppConfig(
    {
      DATABASE_URL: databaseUrl,
      APP_SECRET: randomBytes(48).toString('base64'),
      BKSB_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      BKSB_API_URL: sandbox.url,
      BKSB_ORG_REQUESTS_PER_SECOND: '1000',
      LOG_FORMAT: 'text',
    },
    'production',
  );
  const app = await createNestApp(AppModule.forRoot(config), new AppLogger('text', ['error', 'warn']));
  await app.init();
  const data = app.get(DataSource);
  const now = new Date();
  /** A licensed organisation with the integration on and `count` live learners in it. */
  const organisationOf = async (count: number, email: (i: number) => string | null) => {
    const organisation = await app.get(OrganisationsService).create(`Bench ${randomUUID().slice(0, 6)}`);
    await app.get(OrganisationsService).setLicence(organisation.id, 'bksb', true, 'bench');
    await app.get(BksbSettingsService, { strict: false }).update(
      organisation.id,
      { integrationEnabled: true, apiAccessKey: sandbox.key.accessKey, apiSecretKey: sandbox.key.secretKey, defaultPassword: 'Bench-password-1' },
      'bench',
    );
    const people: Person[] = Array.from({ length: count }, (_, i) => ({
      id: randomUUID(), organisationId: organisation.id, type: 'learner', firstName: 'Bench', lastName: `Learner ${i}`, email: email(i), dateOfBirth: null,
      systemStatus: 'Live', learningStatus: 'InLearning', startDate: null, endDate: null, applicationStatus: null, closedOn: null, createdAt: now, updatedAt: now,
    }));
    for (let i = 0; i < people.length; i += 500) await data.getRepository(Person).insert(people.slice(i, i + 500));
    return { organisation, people };
  };
  try {
    const seedStarted = performance.now();
    const userIds = sandbox.seedUsers(peopleCount, { withResults: true });
    const { organisation, people } = await organisationOf(peopleCount, () => null);
    const links: BksbAccountLink[] = people.map((person, i) => ({
      personId: person.id, organisationId: organisation.id, personType: 'learner', username: `bench-${userIds[i]}`, usernameKey: `bench-${userIds[i]}`,
      bksbUserId: userIds[i], createdByPics: false, state: 'active', claimExpiresAt: null, claimToken: null, createdAt: now, createdBy: 'bench',
      loginDetailsSentAt: null, lastSyncedAt: null, missingCheckedAt: null,
    }));
    for (let i = 0; i < links.length; i += 500) await data.getRepository(BksbAccountLink).insert(links.slice(i, i + 500));
    process.stdout.write(
      `Seeded ${peopleCount} linked learners with bksb results in ${Math.round(performance.now() - seedStarted)} ms; database ${databaseUrl.split(':')[0]}, bksb latency ${latencyMs} ms.\n`,
    );

    for (const label of ['first sync (imports everything)', 'second sync (nothing new)']) {
      const rowsWritten = await countRowsWritten(data);
      const started = performance.now();
      const outcome = await app.get(BksbSyncService, { strict: false }).start(organisation.id, 'manual');
      let run = await app.get(BksbSyncRunStore, { strict: false }).get(organisation.id, outcome.run.id);
      while (run.status === 'running') {
        await sleep(100);
        run = await app.get(BksbSyncRunStore, { strict: false }).get(organisation.id, outcome.run.id);
      }
      const seconds = (performance.now() - started) / 1000;
      const metrics = sandbox.metrics();
      process.stdout.write(
        `${label}: ${run.status}, ${run.peopleChecked} people, ${run.resultsImported} results, ${run.apiCalls} calls in ${seconds.toFixed(1)} s ` +
          `= ${(run.peopleChecked / seconds).toFixed(0)} people/s, ${(run.apiCalls / seconds).toFixed(0)} calls/s; most in flight at bksb: ${metrics.maxInFlight}; ` +
          `rows written: ${await rowsWritten()}\n`,
      );
      sandbox.reset();
    }

    const unmatched = await organisationOf(unmatchedCount, (i) => `bench.unmatched.${i}@example.org`);
    for (let i = 0; i < unmatchedCount; i += 10) sandbox.createUser({ username: `bench.unmatched.${i}@example.org` });
    sandbox.setLatency({ fixedMs: 50 });
    for (const label of ['first page', 'first page again (suggestions remembered)']) {
      const started = performance.now();
      const page = await app.get(BksbUnmatchedService, { strict: false }).list(unmatched.organisation.id, {});
      process.stdout.write(
        `unmatched report of ${page.total} people, ${label}: ${page.items.length} people, ${page.items.filter((p) => p.suggestedUsername).length} suggestions, ` +
          `${sandbox.metrics().calls.isUsernameExists} look-ups (at most ${sandbox.metrics().maxInFlight} at once) in ${Math.round(performance.now() - started)} ms at 50 ms bksb latency\n`,
      );
      sandbox.reset();
      sandbox.setLatency({ fixedMs: 50 });
    }
  } finally {
    await app.close();
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
