/**
 * Measures the sync at scale with the app and the sandbox in processes of their own
 * (sync-at-scale.ts: several organisations syncing together against the bound their
 * limits allow, calls a person, rows written, the app's memory; with diagnostic results
 * on, the calls of a sync with nothing new and of one where `--new-share` of the people
 * finished a diagnostic, each costing one component call); then, in this
 * process, the first page of the unmatched report of a large organisation at 50 ms
 * bksb latency; the fast lanes (calls in an hour with 10% of accounts new against the
 * sweep alone, how soon an assessment begun is seen and a result finished in bksb is
 * imported, on an injected clock); and a bulk creation of
 * 500 accounts at 50 ms latency against what the organisation's limits allow. Prints the
 * figures (it asserts nothing).
 * `npm run bench:sync [-- --orgs 5 --people 1000 --latency-ms 50 --new-share 0.1 --memory-people 50000
 *   --unmatched-people 5000 --lane-people 1000 --lane-latency-ms 20 --bulk-people 500 --bulk-latency-ms 50]`;
 * BENCH_DATABASE_URL=postgres://... to run on fresh databases on that PostgreSQL server instead of temporary SQLite files.
 */
import { INestApplication } from '@nestjs/common';
import { BksbSandbox, startBksbSandbox } from '@picsweb/bksb-sandbox';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, In } from 'typeorm';
import { AppModule } from '../../../apps/picsweb/src/app.module';
import { createNestApp } from '../../../apps/picsweb/src/bootstrap';
import { loadAppConfig } from '../../../apps/picsweb/src/config/environment';
import { Person } from '../../../apps/picsweb/src/people/person.entity';
import { BksbUnmatchedService } from '../../../libs/bksb-integration/src/views/bksb-unmatched.service';
import { createTestDatabase } from '../../support/test-database';
import { BksbAccountLink } from '../../../libs/bksb-integration/src/entities/bksb-account-link.entity';
import { AppLogger, Clock } from '@picsweb/common';
import { BksbSyncCron } from '../../../libs/bksb-integration/src/sync/bksb-sync.cron';
import { BksbBulkActionService } from '../../../libs/bksb-integration/src/bulk/bksb-bulk-action.service';
import { BksbBulkJobStore } from '../../../libs/bksb-integration/src/bulk/bksb-bulk-job.store';
import { BKSB_CLIENT_OPTIONS, BksbClientOptions } from '../../../libs/bksb-integration/src/client/bksb-client.options';
import { flag } from './bench-support';
import { seedOrganisation } from './bench-seeding';
import { syncAtScale } from './sync-at-scale';

async function main(): Promise<void> {
  await syncAtScale({
    organisations: flag('orgs', 5),
    people: flag('people', 1000),
    latencyMs: flag('latency-ms', 50),
    newShare: flag('new-share', 0.1),
    memoryPeople: flag('memory-people', 50_000),
  });
  const latencyMs = flag('lane-latency-ms', 20);
  const unmatchedCount = flag('unmatched-people', 5000);
  const sandbox = await startBksbSandbox({ latency: { fixedMs: latencyMs } });
  const database = await createTestDatabase(process.env.BENCH_DATABASE_URL ?? '');
  const config = loadAppConfig(
    {
      DATABASE_URL: database.url,
      APP_SECRET: randomBytes(48).toString('base64'),
      BKSB_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      BKSB_API_URL: sandbox.url,
      BKSB_ORG_REQUESTS_PER_SECOND: '1000',
      // No schedule fires during the bench: it ticks the schedules itself, on an injected clock.
      BKSB_SYNC_CRON: '0 3 1 1 *',
      BKSB_FRESH_CRON: '0 4 1 1 *',
      LOG_FORMAT: 'text',
    },
    'production',
  );
  const app = await createNestApp(AppModule.forRoot(config), new AppLogger('text', ['error', 'warn']));
  await app.init();
  /** A licensed organisation with the integration on and `count` live learners in it. */
  const organisationOf: OrganisationOf = (count, email) => seedOrganisation(app, sandbox.key, count, email);
  process.stdout.write(`\nIn one process with the sandbox, ${database.kind}:\n`);
  try {
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

    sandbox.setLatency({ fixedMs: latencyMs });
    await fastLanes(app, sandbox, organisationOf, flag('lane-people', 1000));
    sandbox.reset();
    sandbox.setLatency({ fixedMs: flag('bulk-latency-ms', 50) });
    await bulkCreate(app, sandbox, organisationOf, flag('bulk-people', 500));
  } finally {
    await app.close();
    await sandbox.close();
    await database.drop();
  }
}

type OrganisationOf = (count: number, email: (i: number) => string | null) => Promise<{ organisation: { id: string }; people: Person[] }>;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const STEP_MS = 30_000;

/**
 * The fast lanes on an injected clock, in 30-second steps, each schedule ticked when its
 * cron would fire (new accounts at every tenth minute, assessments in progress at half
 * past every even minute, the sweep at minute 17): the calls of an hour with 10% of the
 * linked accounts new, against a sweep of the same people with nobody new (the sweep
 * alone, as without the fast lanes); how soon an assessment a new account begins is seen
 * in progress; and how long after it is finished in bksb a new account's result is
 * imported, without and with its assessment seen in progress.
 */
async function fastLanes(app: INestApplication, sandbox: BksbSandbox, organisationOf: OrganisationOf, count: number): Promise<void> {
  const data = app.get(DataSource);
  const clock = app.get(Clock);
  const realNow = clock.now.bind(clock);
  let simulated = Math.floor(Date.now() / (60 * MINUTE_MS)) * 60 * MINUTE_MS;
  clock.now = () => new Date(simulated);
  const cron = app.get(BksbSyncCron, { strict: false });
  const settle = async () => {
    while ((await data.query(`SELECT id FROM bksb_sync_runs WHERE status = 'running'`)).length > 0) await sleep(20);
  };
  let sweepHour = 0;
  /** The sweep outside the simulated hours' own ticks (each call another hour's tick key). */
  const sweep = async () => {
    await cron.tick(new Date(Date.UTC(2041, 0, 1, (sweepHour += 1))));
    await settle();
  };
  /** Moves the clock on by one step and ticks what is due then. */
  const step = async () => {
    simulated += STEP_MS;
    const at = new Date(simulated);
    const minute = at.getUTCMinutes();
    const onTheMinute = at.getUTCSeconds() === 0;
    if (onTheMinute && minute % 10 === 0) await cron.laneTick('fresh', at);
    if (!onTheMinute && minute % 2 === 0) await cron.laneTick('session', at);
    if (onTheMinute && minute === 17) await cron.tick(at);
    await settle();
  };
  try {
    const newCount = Math.round(count / 10);
    const userIds = [...sandbox.seedUsers(count - newCount, { withResults: true }), ...sandbox.seedUsers(newCount, { withResults: false })];
    const { organisation, people } = await organisationOf(count, () => null);
    const links: BksbAccountLink[] = people.map((person, i) => ({
      personId: person.id, organisationId: organisation.id, personType: 'learner', username: `lane-${userIds[i]}`, usernameKey: `lane-${userIds[i]}`,
      bksbUserId: userIds[i], createdByPics: true, state: 'active', claimExpiresAt: null, claimToken: null,
      createdAt: new Date(simulated - 30 * DAY_MS), createdBy: 'bench',
      loginDetailsState: 'none', loginDetailsMailId: null, loginDetailsQueuedAt: null, loginDetailsSentAt: null, loginDetailsFailure: null,
    loginDetailsWithoutLink: false, lastSyncedAt: null, missingCheckedAt: null,
    }));
    for (let i = 0; i < links.length; i += 500) await data.getRepository(BksbAccountLink).insert(links.slice(i, i + 500));
    const newPeople = people.slice(count - newCount);
    const newUsers = userIds.slice(count - newCount);
    const callsOfRuns = async (since: number): Promise<Array<{ trigger: string; calls: number }>> =>
      (
        await data.query(`SELECT trigger, api_calls FROM bksb_sync_runs WHERE organisation_id = '${organisation.id}' AND started_at > '${new Date(since).toISOString()}'`)
      ).map((run: { trigger: string; api_calls: number | string }) => ({ trigger: run.trigger, calls: Number(run.api_calls) }));
    // The sweep alone: everyone old, the 10% without results chased (their sessions read); the first sweep imports the results.
    await sweep();
    const aloneFrom = simulated;
    simulated += STEP_MS;
    await sweep();
    const alone = (await callsOfRuns(aloneFrom)).reduce((sum, run) => sum + run.calls, 0);
    // Now the 10% without results are new accounts (linked a day ago): the fast lanes' people.
    await data.getRepository(BksbAccountLink).update({ personId: In(newPeople.map((person) => person.id)) }, { createdAt: new Date(simulated - DAY_MS) });

    const hourStart = simulated;
    for (let i = 0; i < 120; i += 1) await step();
    // The other organisations' runs share the sandbox, so the calls are counted by this organisation's runs.
    const runs = await callsOfRuns(hourStart);
    const callsOf = (trigger: string) => runs.filter((run) => run.trigger === trigger).reduce((sum, run) => sum + run.calls, 0);
    const total = runs.reduce((sum, run) => sum + run.calls, 0);
    process.stdout.write(
      `fast lanes, an hour of ${count} linked learners, ${newCount} of them new without results (injected clock): ${total} calls to bksb ` +
        `(the sweep ${callsOf('schedule')}, new accounts ${callsOf('fresh')} in ${runs.filter((r) => r.trigger === 'fresh').length} runs, assessments in progress ${callsOf('session')}) ` +
        `= ${(total / alone).toFixed(2)} times the sweep's alone (${alone} calls: a sweep of the same people with nobody new)\n`,
    );

    /** Finishes a result in bksb now (as the clock has it) and steps on until it is imported; answers the wait in minutes. */
    const importWait = async (userId: number, personId: string, sessionId?: number): Promise<number> => {
      const finishedAt = simulated;
      const result = sandbox.addResult(userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 3', sessionId });
      for (;;) {
        await step();
        const rows: Array<{ imported_at: string }> = await data.query(
          `SELECT imported_at FROM bksb_assessment_results WHERE person_id = '${personId}' AND bksb_session_id = ${result.sessionId}`,
        );
        if (rows.length > 0) return (new Date(rows[0].imported_at).getTime() - finishedAt) / MINUTE_MS;
      }
    };
    /** Begins an assessment in bksb now (as the clock has it) and steps on until the fast lanes see it in progress; answers the wait in minutes. */
    const seenWait = async (userId: number, personId: string): Promise<{ sessionId: number; minutes: number }> => {
      const began = simulated;
      const { sessionId } = sandbox.addSession(userId, { courseSubject: 'ENG_NEW', dateStarted: new Date(began).toISOString() });
      for (;;) {
        await step();
        const rows: Array<{ changed_at: string }> = await data.query(
          `SELECT changed_at FROM bksb_session_checks WHERE person_id = '${personId}' AND subject = 'English' AND state = 'started'`,
        );
        if (rows.length > 0) return { sessionId, minutes: (new Date(rows[0].changed_at).getTime() - began) / MINUTE_MS };
      }
    };
    // Minutes after a new-accounts tick that a result is finished, and after the half hour that an assessment begins; each case takes a new person of its own.
    const offsets = [0.5, 2.5, 5, 7.5, 9.5].slice(0, Math.floor(newCount / 2));
    const plain: number[] = [];
    for (const [i, offset] of offsets.entries()) {
      simulated = Math.ceil(simulated / (10 * MINUTE_MS)) * 10 * MINUTE_MS + offset * MINUTE_MS;
      plain.push(await importWait(newUsers[i], newPeople[i].id));
    }
    const seenAfter: number[] = [];
    const seen: number[] = [];
    for (const [i, offset] of offsets.entries()) {
      const person = offsets.length + i;
      simulated = Math.ceil(simulated / (30 * MINUTE_MS)) * 30 * MINUTE_MS + offset * 3 * MINUTE_MS;
      const session = await seenWait(newUsers[person], newPeople[person].id);
      seenAfter.push(session.minutes);
      simulated = Math.ceil(simulated / (10 * MINUTE_MS)) * 10 * MINUTE_MS + offset * MINUTE_MS;
      seen.push(await importWait(newUsers[person], newPeople[person].id, session.sessionId));
    }
    const list = (waits: number[]) => waits.map((wait) => wait.toFixed(1)).join(', ');
    process.stdout.write(
      `a result finished in bksb for a new account is imported after ${list(plain)} minutes (at most ${Math.max(...plain).toFixed(1)}); ` +
        `an assessment a new account begins is seen in progress after ${list(seenAfter)} minutes (at most ${Math.max(...seenAfter).toFixed(1)}); ` +
        `a result finished once its assessment was seen in progress is imported after ${list(seen)} minutes (at most ${Math.max(...seen).toFixed(1)})\n`,
    );
  } finally {
    clock.now = realNow;
  }
}

/** A bulk creation of `count` accounts, timed against the least time the organisation's limits allow for its calls. */
async function bulkCreate(app: INestApplication, sandbox: BksbSandbox, organisationOf: OrganisationOf, count: number): Promise<void> {
  const suffix = randomUUID().slice(0, 6);
  const { organisation, people } = await organisationOf(count, (i) => `bench.bulk.${i}.${suffix}@example.org`);
  const limits = app.get<BksbClientOptions>(BKSB_CLIENT_OPTIONS, { strict: false });
  const latencyMs = sandbox.describe().latency.fixedMs;
  const jobs = app.get(BksbBulkJobStore, { strict: false });
  const started = performance.now();
  const job = await app.get(BksbBulkActionService, { strict: false }).start(
    organisation.id,
    'create',
    people.map((person) => ({ personType: 'learner', id: person.id })),
    { email: 'bench@pics.test' },
  );
  const startedIn = performance.now() - started;
  // A light look at the job (no outcomes) keeps the bench's own reads out of the way.
  while ((await jobs.latest(organisation.id))?.status === 'running') await sleep(50);
  const seconds = (performance.now() - started) / 1000;
  const view = await jobs.view(organisation.id, job.id);
  const calls = sandbox.metrics().totalCalls;
  const allowed = Math.max(calls / limits.perOrganisationPerSecond, (calls * latencyMs) / 1000 / limits.perOrganisationConcurrency);
  process.stdout.write(
    `bulk create of ${count} people at ${latencyMs} ms bksb latency: ${view.counts.done} done, ${view.counts.skipped} skipped, ${view.counts.failed} failed; ` +
      `${calls} calls in ${seconds.toFixed(1)} s; the organisation's limits (${limits.perOrganisationConcurrency} in flight, ${limits.perOrganisationPerSecond} a second) ` +
      `allow ${allowed.toFixed(1)} s: ${(seconds / allowed).toFixed(2)} times that (starting the job, which reads the people, took ${(startedIn / 1000).toFixed(1)} s); ` +
      `most in flight at bksb: ${sandbox.metrics().maxInFlight}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
