import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BksbResultImportService } from '../../libs/bksb-integration/src/services/bksb-result-import.service';
import { BksbSyncRunStore } from '../../libs/bksb-integration/src/sync/bksb-sync-run.store';
import { BksbSyncCron } from '../../libs/bksb-integration/src/sync/bksb-sync.cron';
import { BksbSyncService } from '../../libs/bksb-integration/src/sync/bksb-sync.service';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';
import { eventually } from '../support/eventually';
import { SyncRunJson } from '../support/sync-run-json';
import { TestApp } from '../support/test-app';
import { onPostgres } from '../support/test-database';

const B = '/api/integrations/bksb';
const PEOPLE = 8;
/** Of them, so many were linked long ago (off the new-accounts lane); the others are new accounts. */
const LINKED_LONG_AGO = 3;
const LEASE_MS = 1000;

interface RequestJson {
  id: string;
  scope: string;
  trigger: string;
  status: 'queued' | 'running' | 'done';
  runId: string | null;
  queuedBehindRunId: string | null;
}

/**
 * Every reason to sync is a request that waits queued while another run of the
 * organisation goes on, and is never dropped or answered by a run of a narrower scope.
 */
describe(`sync requests (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;
  let hour = 0;
  const userIds: number[] = [];
  const database = () => f.testApp.app.get(DataSource);
  const cron = (app: TestApp = f.testApp) => app.app.get(BksbSyncCron, { strict: false });
  const run = async (id: string) => (await f.as('staff').get(`${B}/sync-runs/${id}`).expect(200)).body as SyncRunJson;
  const request = async (id: string) => (await f.as('staff').get(`${B}/sync-requests/${id}`).expect(200)).body as RequestJson;
  const finished = (id: string) => eventually(`run ${id} to finish`, async () => (await run(id)).status !== 'running' && run(id), 60_000);
  const served = (id: string) => eventually(`request ${id} to be served`, async () => (await request(id)).status === 'done' && request(id), 60_000);
  const running = () => eventually('a run to be going', async () => (await database().query(`SELECT id FROM bksb_sync_runs WHERE status = 'running'`))[0]?.id as string);
  const nothingRunning = () => eventually('no run to be going', async () => (await database().query(`SELECT id FROM bksb_sync_runs WHERE status = 'running'`)).length === 0);
  const rows = async (sql: string) => (await database().query(sql)) as Array<Record<string, unknown>>;
  /** A tick time that no other test used (the sweep's requests are keyed by it). */
  const nextHour = () => new Date(Date.UTC(2045, 0, 1, (hour += 1)));
  /** A new-accounts tick that reads results (not sessions: minutes 10 to 29 of the half hour). */
  const freshTickAt = () => new Date(Date.UTC(2045, 5, 1, (hour += 1), 20));
  /** A run left by an instance that died: running, its lease over, nobody renewing it. */
  const orphan = async (scope: 'everyone' | 'new-accounts', trigger: 'schedule' | 'fresh') => {
    const id = randomUUID();
    const organisationId = f.identity.organisationId;
    await database().query(
      `INSERT INTO bksb_sync_runs (id, organisation_id, trigger, scope, status, started_at, running_key, tick_key, owner, lease_expires_at,
         people_checked, results_imported, tags_applied, api_calls, failure_count, failures)
       VALUES ('${id}', '${organisationId}', '${trigger}', '${scope}', 'running', '2026-01-01T00:00:00.000Z', '${organisationId}',
         '${trigger}:${id}', 'instance-gone', '2026-01-01T00:02:00.000Z', 0, 0, 0, 0, 0, '[]')`,
    );
    await database().query(
      `INSERT INTO bksb_sync_requests (id, organisation_id, scope, trigger, request_key, status, run_id, requested_at)
       VALUES ('${randomUUID()}', '${organisationId}', '${scope}', '${trigger}', '${trigger}:${id}', 'running', '${id}', '2026-01-01T00:00:00.000Z')`,
    );
    return id;
  };

  beforeAll(async () => {
    // Schedules that never fire during the test: it calls the ticks itself.
    f = await startBksbFixture({ env: { BKSB_SYNC_CRON: '0 3 * * *', BKSB_FRESH_CRON: '0 4 1 1 *', BKSB_SYNC_LEASE_MS: String(LEASE_MS), BKSB_TAKEOVER_CHECK_MS: '200' } });
    for (let i = 0; i < PEOPLE; i += 1) {
      const user = f.sandbox.createUser({ username: `request-${randomUUID().slice(0, 8)}` });
      userIds.push(user.userId);
      const id = await f.person('learners', { firstName: 'Request', lastName: `Person ${i}` });
      await f.as('staff').put(`${B}/learners/${id}/account`, { username: user.username }).expect(200);
      if (i < LINKED_LONG_AGO) await database().query(`UPDATE bksb_account_links SET created_at = '2020-01-01T00:00:00.000Z' WHERE person_id = '${id}'`);
    }
  });

  afterAll(() => f.close());

  beforeEach(async () => {
    jest.restoreAllMocks();
    f.sandbox.reset();
    await nothingRunning();
  });

  it("continues a dead instance's new-accounts run with its own scope, and the hourly tick still checks everyone after it", async () => {
    f.sandbox.setLatency({ fixedMs: 100 });
    const left = await orphan('new-accounts', 'fresh');
    // Where two instances share a database, the other one ticks.
    const other = onPostgres ? await f.anotherInstance() : null;
    try {
      const at = nextHour();
      await cron(other ?? f.testApp).tick(at);
      const resumed = await finished(left);
      expect(resumed).toMatchObject({ scope: 'new-accounts', trigger: 'fresh', peopleChecked: PEOPLE - LINKED_LONG_AGO });
      const [tick] = await rows(`SELECT id FROM bksb_sync_requests WHERE request_key = 'schedule:${at.toISOString().slice(0, 16)}'`);
      const sweep = await finished((await served(tick.id as string)).runId!);
      expect(sweep).toMatchObject({ scope: 'everyone', trigger: 'schedule', status: 'succeeded', peopleChecked: PEOPLE, total: PEOPLE });
    } finally {
      await other?.close();
    }
  });

  it('queues Sync now pressed during a long new-accounts run, then checks everyone without another press', async () => {
    f.sandbox.setLatency({ fixedMs: 300 });
    await cron().laneTick('fresh', freshTickAt());
    const lane = await running();
    const pressed = (await f.as('staff').post(`${B}/sync`).expect(202)).body as { requestId: string; runId: string | null; status: string };
    expect(pressed).toMatchObject({ status: 'queued', runId: null });
    expect(await request(pressed.requestId)).toMatchObject({ scope: 'everyone', trigger: 'manual', status: 'queued', queuedBehindRunId: lane });
    // A second press while it waits is the same request.
    expect((await f.as('admin').post(`${B}/sync`).expect(202)).body.requestId).toBe(pressed.requestId);
    expect(await finished(lane)).toMatchObject({ scope: 'new-accounts', peopleChecked: PEOPLE - LINKED_LONG_AGO });
    const answer = await served(pressed.requestId);
    expect(await finished(answer.runId!)).toMatchObject({ scope: 'everyone', trigger: 'manual', peopleChecked: PEOPLE, requestIds: [pressed.requestId] });
  });

  it('makes one request of a tick seen twice while a run goes on, and lets fast-lane ticks join a queued sweep', async () => {
    f.sandbox.setLatency({ fixedMs: 300 });
    await cron().laneTick('fresh', freshTickAt());
    const lane = await running();
    const at = nextHour();
    await Promise.all([cron().tick(at), cron().tick(at)]);
    await cron().laneTick('fresh', freshTickAt());
    const key = `schedule:${at.toISOString().slice(0, 16)}`;
    const ticks = await rows(`SELECT id, status FROM bksb_sync_requests WHERE request_key = '${key}'`);
    expect(ticks).toEqual([{ id: expect.any(String), status: 'queued' }]);
    // The lane's second tick joined the queued sweep (which covers its people): no request of its own.
    expect(await rows(`SELECT id FROM bksb_sync_requests WHERE status = 'queued'`)).toHaveLength(1);
    await finished(lane);
    const sweep = await finished((await served(ticks[0].id as string)).runId!);
    expect(sweep).toMatchObject({ scope: 'everyone', trigger: 'schedule', peopleChecked: PEOPLE });
    expect(await rows(`SELECT id FROM bksb_sync_runs WHERE tick_key = '${key}'`)).toHaveLength(1);
  });

  it('stops working on a run at once when its lease cannot be renewed, and the run goes on from its checkpoint later', async () => {
    f.sandbox.setLatency({ fixedMs: 150 });
    const store = f.testApp.app.get(BksbSyncRunStore, { strict: false });
    // The database does not answer this instance: its lease cannot be renewed, nor the run taken over again.
    const renew = jest.spyOn(store, 'renew').mockRejectedValue(new Error('the database did not answer'));
    const takeOver = jest.spyOn(store, 'takeOver').mockRejectedValue(new Error('the database did not answer'));
    const { runId } = (await f.as('staff').post(`${B}/sync`).expect(202)).body as { runId: string };
    await eventually('a renewal to have failed', () => renew.mock.calls.length > 0);
    // People already under way end their calls; then nothing more is called or written.
    await eventually('the calls in flight to end', () => f.sandbox.metrics().inFlight === 0);
    const calls = f.sandbox.metrics().calls.initialResults;
    const before = (await rows(`SELECT people_checked, status FROM bksb_sync_runs WHERE id = '${runId}'`))[0];
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(f.sandbox.metrics().calls.initialResults).toBe(calls);
    expect(calls).toBeLessThan(PEOPLE);
    expect((await rows(`SELECT people_checked, status FROM bksb_sync_runs WHERE id = '${runId}'`))[0]).toEqual(before);
    expect(before.status).toBe('running');
    // The database answers again: once the lease has ended, the run is taken over and finished, each person counted once.
    renew.mockRestore();
    takeOver.mockRestore();
    expect(await finished(runId)).toMatchObject({ status: 'succeeded', peopleChecked: PEOPLE });
  });

  it('starts no run once shutdown has begun: the request waits for an instance that is not stopping', async () => {
    const stopping = await f.anotherInstance();
    // This instance's periodic look waits until the stopping one has been seen not to start the run.
    const look = jest.spyOn(f.testApp.app.get(BksbSyncService, { strict: false }), 'startNext').mockResolvedValue(undefined);
    try {
      await stopping.app.get(BksbSyncService, { strict: false }).onModuleDestroy();
      const at = nextHour();
      await cron(stopping).tick(at);
      const [tick] = await rows(`SELECT id, status, run_id FROM bksb_sync_requests WHERE request_key = 'schedule:${at.toISOString().slice(0, 16)}'`);
      expect(tick).toMatchObject({ status: 'queued', run_id: null });
      expect(await rows(`SELECT id FROM bksb_sync_runs WHERE status = 'running'`)).toEqual([]);
      look.mockRestore();
      // This instance (not stopping) finds it at its next look and runs it.
      expect(await finished((await served(tick.id as string)).runId!)).toMatchObject({ scope: 'everyone', peopleChecked: PEOPLE });
    } finally {
      await stopping.close();
    }
  });

  it('drops the fetch of a person whose link changed while bksb was read, counting them on the run', async () => {
    // Everyone has a new result to write (a person with nothing new writes nothing, so has nothing to drop).
    for (const userId of userIds) f.sandbox.addResult(userId, { kind: 'initial', courseSubject: 'DIGITAL', level: 'Level 1' });
    const importer = f.testApp.app.get(BksbResultImportService, { strict: false });
    const fetchNew = importer.fetchNew.bind(importer);
    let relink: (() => Promise<unknown>) | null = null;
    jest.spyOn(importer, 'fetchNew').mockImplementation(async (settings, link, run) => {
      const fetched = await fetchNew(settings, link, run);
      if (!relink) {
        // Staff unlink this person while their results are being read.
        relink = () => f.as('staff').put(`${B}/learners/${link.personId}/account`, { username: link.username }).expect(200);
        await f.as('staff').delete(`${B}/learners/${link.personId}/account`).expect(204);
      }
      return fetched;
    });
    const { runId } = (await f.as('staff').post(`${B}/sync`).expect(202)).body as { runId: string };
    const done = await finished(runId);
    jest.restoreAllMocks();
    await relink!();
    expect(done).toMatchObject({ status: 'succeeded', changedWhileChecking: 1, peopleChecked: PEOPLE - 1, resultsImported: PEOPLE - 1, failureCount: 0 });
  });

  it('counts the people a run will check from its start', async () => {
    const { runId } = (await f.as('staff').post(`${B}/sync`).expect(202)).body as { runId: string };
    expect(await finished(runId)).toMatchObject({ total: PEOPLE, peopleChecked: PEOPLE, changedWhileChecking: 0 });
  });

  (onPostgres ? it : it.skip)('finds running runs and queued requests through partial indexes among 300,000 finished ones (PostgreSQL)', async () => {
    const organisationId = f.identity.organisationId;
    await database().query(
      `INSERT INTO bksb_sync_runs (id, organisation_id, trigger, scope, status, started_at, finished_at, running_key, tick_key,
         people_checked, results_imported, tags_applied, api_calls, failure_count, failures)
       SELECT gen_random_uuid()::text, '${organisationId}', 'fresh', 'new-accounts', 'succeeded', '2026-10-01T00:00:00.000Z', '2026-10-01T00:01:00.000Z',
         gen_random_uuid()::text, 'bulk:' || n, 0, 0, 0, 0, 0, '[]' FROM generate_series(1, 300000) AS n`,
    );
    await database().query(
      `INSERT INTO bksb_sync_requests (id, organisation_id, scope, trigger, request_key, status, run_id, requested_at)
       SELECT gen_random_uuid()::text, '${organisationId}', 'new-accounts', 'fresh', 'bulk:' || n, 'done', NULL, '2026-10-01T00:00:00.000Z' FROM generate_series(1, 300000) AS n`,
    );
    await database().query('ANALYZE bksb_sync_runs; ANALYZE bksb_sync_requests');
    const plan = async (sql: string) => ((await database().query(`EXPLAIN ${sql}`)) as Array<{ 'QUERY PLAN': string }>).map((row) => row['QUERY PLAN']).join('\n');
    expect(await plan(`SELECT * FROM bksb_sync_runs WHERE status = 'running' AND lease_expires_at < '2026-12-01T00:00:00.000Z'`)).toMatch(/ix_bksb_sync_runs_lease/);
    expect(await plan(`SELECT DISTINCT organisation_id FROM bksb_sync_requests WHERE status = 'queued'`)).toMatch(/ix_bksb_sync_requests_queued/);
    expect(await plan(`SELECT * FROM bksb_sync_requests WHERE organisation_id = '${organisationId}' AND status = 'queued' ORDER BY requested_at`)).toMatch(
      /ix_bksb_sync_requests_queued/,
    );
    await database().query(`DELETE FROM bksb_sync_runs WHERE tick_key LIKE 'bulk:%'; DELETE FROM bksb_sync_requests WHERE request_key LIKE 'bulk:%'`);
  }, 240_000);
});
