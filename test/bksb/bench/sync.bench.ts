/**
 * Measures a whole-organisation sync against the sandbox over loopback and prints the
 * figures (it asserts nothing). `npm run bench:sync [-- --people 2000 --latency-ms 20]`;
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
import { BksbAccountLink } from '../../../libs/bksb-integration/src/entities/bksb-account-link.entity';
import { AppLogger } from '@picsweb/common';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

async function main(): Promise<void> {
  const peopleCount = flag('people', 2000);
  const latencyMs = flag('latency-ms', 20);
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
  try {
    const organisation = await app.get(OrganisationsService).create(`Bench ${randomUUID().slice(0, 6)}`);
    await app.get(OrganisationsService).setLicence(organisation.id, 'bksb', true, 'bench');
    await app.get(BksbSettingsService, { strict: false }).update(
      organisation.id,
      { integrationEnabled: true, apiAccessKey: sandbox.key.accessKey, apiSecretKey: sandbox.key.secretKey, defaultPassword: 'Bench-password-1' },
      'bench',
    );
    const seedStarted = performance.now();
    const userIds = sandbox.seedUsers(peopleCount, { withResults: true });
    const now = new Date();
    const people: Person[] = userIds.map((_, i) => ({
      id: randomUUID(), organisationId: organisation.id, type: 'learner', firstName: 'Bench', lastName: `Learner ${i}`, email: null, dateOfBirth: null,
      systemStatus: 'Live', learningStatus: 'InLearning', startDate: null, endDate: null, applicationStatus: null, closedOn: null, createdAt: now, updatedAt: now,
    }));
    const data = app.get(DataSource);
    for (let i = 0; i < people.length; i += 500) await data.getRepository(Person).insert(people.slice(i, i + 500));
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
          `= ${(run.peopleChecked / seconds).toFixed(0)} people/s, ${(run.apiCalls / seconds).toFixed(0)} calls/s; most in flight at bksb: ${metrics.maxInFlight}\n`,
      );
      sandbox.reset();
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
