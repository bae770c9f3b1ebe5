import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BksbSyncCron } from '../../libs/bksb-integration/src/sync/bksb-sync.cron';
import { RetentionService } from '../../apps/picsweb/src/retention/retention.service';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';
import { eventually } from '../support/eventually';
import { onPostgres } from '../support/test-database';
import { SyncRunJson } from '../support/sync-run-json';

const B = '/api/integrations/bksb';

describe(`the bksb sync (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;
  const people: Record<string, { id: string; userId: number }> = {};

  const finished = (runId: string, token: 'admin' | 'staff' | 'otherAdmin' = 'staff'): Promise<SyncRunJson> =>
    eventually(`run ${runId} to finish`, async () => {
      const run = (await f.as(token).get(`${B}/sync-runs/${runId}`).expect(200)).body as SyncRunJson;
      return run.status !== 'running' && run;
    });
  const syncNow = async () => finished((await f.as('staff').post(`${B}/sync`).expect(202)).body.runId);
  const database = () => f.testApp.app.get(DataSource);
  const cron = () => f.testApp.app.get(BksbSyncCron, { strict: false });

  beforeAll(async () => {
    f = await startBksbFixture({ env: { BKSB_SYNC_CRON: '0 3 * * *' } });
    const add = async (name: string, type: 'learners' | 'applicants', fields: object) => {
      const user = f.sandbox.createUser({ username: `${name}-${randomUUID().slice(0, 6)}` });
      const id = await f.person(type, { firstName: name, lastName: 'Sync', ...fields });
      await f.as('staff').put(`${B}/${type}/${id}/account`, { username: user.username }).expect(200);
      people[name] = { id, userId: user.userId };
    };
    await add('Active', 'learners', {});
    await add('Recent', 'learners', { learningStatus: 'Completed', endDate: new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10) });
    await add('Applicant', 'applicants', {});
    await add('Archived', 'learners', { systemStatus: 'Archived' });
    await f.person('learners', { firstName: 'Nolink', lastName: 'Sync' });
  });

  afterAll(() => f.close());

  beforeEach(() => f.sandbox.reset());

  it('syncs the eligible linked people only, counting people, results and calls', async () => {
    f.sandbox.addResult(people.Active.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 3' });
    f.sandbox.addResult(people.Applicant.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 1' });
    f.sandbox.addResult(people.Archived.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 1' });
    const run = await syncNow();
    // One results call per person, and a sessions look-up per chased subject (English, Maths) without a result: 1 + 2 + 1.
    expect(run).toMatchObject({ trigger: 'manual', status: 'succeeded', peopleChecked: 3, resultsImported: 2, apiCalls: 3 + 4, failureCount: 0, failures: [] });
    expect(f.sandbox.metrics().calls.initialResults).toBe(3);
    expect(f.sandbox.metrics().calls.sessions).toBe(4);
    const summary = (await f.as('staff').get(`${B}/summary`).expect(200)).body;
    expect(summary.lastRun).toMatchObject({ id: run.id, status: 'succeeded' });
  });

  it('costs one call per person and kind when nothing is new, and answers the running run while one runs', async () => {
    f.sandbox.setLatency({ fixedMs: 40 });
    const first = await f.as('staff').post(`${B}/sync`).expect(202);
    const second = await f.as('admin').post(`${B}/sync`).expect(202);
    expect(second.body.runId).toBe(first.body.runId);
    const run = await finished(first.body.runId);
    expect(run).toMatchObject({ status: 'succeeded', peopleChecked: 3, resultsImported: 0, apiCalls: 3 + 4 });
  });

  it('gives ten simultaneous starts one run, answering each 202 with its id', async () => {
    const before = (await f.as('staff').get(`${B}/sync-runs?limit=100`)).body.length as number;
    // Slow enough that the run outlasts the burst (under the client's 500 ms timeout, so it
    // may end partial on a busy machine: what matters here is that there is one run).
    f.sandbox.setLatency({ fixedMs: 400 });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => f.as(i % 2 ? 'admin' : 'staff').post(`${B}/sync`)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    const ids = new Set(answers.map((a) => a.body.runId as string));
    expect(ids.size).toBe(1);
    expect(new Set(answers.map((a) => a.body.requestId as string)).size).toBe(1);
    await finished([...ids][0]);
    expect((await f.as('staff').get(`${B}/sync-runs?limit=100`)).body).toHaveLength(before + 1);
  });

  it('reports a person bksb no longer knows (partial), and asks about them again only after a day', async () => {
    const gone = f.sandbox.createUser({ username: `gone-${randomUUID().slice(0, 6)}` });
    const goneId = await f.person('learners', { firstName: 'Gone', lastName: 'Sync' });
    await f.as('staff').put(`${B}/learners/${goneId}/account`, { username: gone.username }).expect(200);
    f.sandbox.deleteUser(gone.userId);
    f.sandbox.reset();
    const run = await syncNow();
    expect(run.status).toBe('partial');
    expect(run.failures).toEqual([{ personType: 'learner', personId: goneId, message: expect.stringMatching(/no longer knows/) }]);
    expect((await f.as('staff').get(`${B}/learners/${goneId}`)).body.account.state).toBe('missing-in-bksb');

    const next = await syncNow();
    expect(next).toMatchObject({ status: 'succeeded', peopleChecked: 3 });
    await database().query(`UPDATE bksb_account_links SET missing_checked_at = '2020-01-01T00:00:00.000Z' WHERE person_id = '${goneId}'`);
    expect((await syncNow()).peopleChecked).toBe(4);
    await f.as('staff').delete(`${B}/learners/${goneId}/account`).expect(204);
  });

  it('keeps going past people bksb fails for (failed when every one of them failed), and stops as failed on wrong keys, showing the problem', async () => {
    f.sandbox.injectFault({ kind: 'http500', endpoint: 'initialResults', rate: 1 });
    const faulty = await syncNow();
    f.sandbox.clearFaults();
    // Every person checked failed: the run is Failed, not Partly failed, and names each of them.
    expect(faulty).toMatchObject({ status: 'failed', failureCount: 3, peopleChecked: 3 });
    expect(new Set(faulty.failures.map((failure) => failure.personId))).toEqual(new Set([people.Active.id, people.Recent.id, people.Applicant.id]));
    expect(faulty.failures[0].message).toMatch(/could not be reached or did not answer \(HTTP 500\)/);

    await f.as('admin').put(`${B}/settings`, { apiSecretKey: 'wrong-secret-0000000000000' }).expect(200);
    try {
      const failed = await syncNow();
      expect(failed.status).toBe('failed');
      expect((await f.as('staff').get(`${B}/sync-runs/${failed.id}`)).body.message).toMatch(/refused the API keys/);
      expect((await f.as('staff').get(`${B}/summary`)).body.problem).toMatchObject({ kind: 'credentials' });
    } finally {
      await f.as('admin').put(`${B}/settings`, { apiSecretKey: f.sandbox.key.secretKey }).expect(200);
    }
  });

  it('stops as failed when bksb asks to wait longer than the client waits, and the next run goes on', async () => {
    f.sandbox.setRateLimit({ requestsPerSecond: 1, retryAfterSeconds: 600 });
    const limited = await syncNow();
    f.sandbox.setRateLimit(null);
    expect(limited.status).toBe('failed');
    expect((await f.as('staff').get(`${B}/sync-runs/${limited.id}`)).body.message).toMatch(/asked us to slow down; it can be tried again in 600 seconds/);
    expect((await syncNow()).status).toBe('succeeded');
  });

  it('logs each bksb call of a run when asked, without keys', async () => {
    await f.as('admin').put(`${B}/settings`, { logScheduledSyncApiCalls: true }).expect(200);
    try {
      const run = await syncNow();
      const logged = async () => (await f.as('admin').get('/api/system-logs?source=bksb&pageSize=200')).body.items.map((l: { message: string }) => l.message) as string[];
      const lines = await eventually('the run\'s seven calls in the system log', async () => {
        const all = await logged();
        return all.filter((m) => m.startsWith(`manual sync ${run.id}:`)).length >= 7 && all;
      });
      const calls = lines.filter((m: string) => m.startsWith(`manual sync ${run.id}:`));
      expect(calls).toHaveLength(7);
      const results = calls.filter((m) => m.includes('/results/'));
      expect(results).toHaveLength(3);
      expect(results[0]).toMatch(/^manual sync [\w-]+: GET \/api\/results\/initialAssessment\/\d+\/all\?page=1&recordsPerPage=20 -> 200 in \d+ ms$/);
      expect(calls.filter((m) => m !== results[0] && !results.includes(m))[0]).toMatch(
        /^manual sync [\w-]+: GET \/api\/assessmentSessions\/getAssessmentSessionsForCourseV5\?courseSubject=(ENG|MATHS)_NEW&userId=\d+ -> 200 in \d+ ms$/,
      );
      expect(JSON.stringify(lines)).not.toContain(f.sandbox.key.secretKey);
    } finally {
      await f.as('admin').put(`${B}/settings`, { logScheduledSyncApiCalls: false }).expect(200);
    }
  });

  it('schedules by BKSB_SYNC_CRON, syncs each enabled organisation once a tick, and one organisation\'s failure does not stop another', async () => {
    const next = new Date((await f.as('staff').get(`${B}/summary`)).body.nextRunAt);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('03:00');

    await f.as('support').put(`/api/support/organisations/${f.identity.otherOrganisationId}/licences/bksb`, { enabled: true }).expect(200);
    await f.as('otherAdmin')
      .put(`${B}/settings`, { integrationEnabled: true, apiAccessKey: 'nope', apiSecretKey: 'nope-nope', defaultPassword: 'long-enough-1' })
      .expect(200);
    const theirPerson = await f.person('learners', { firstName: 'Their', lastName: 'Sync' }, 'otherAdmin');
    await database().query(
      `INSERT INTO bksb_account_links (person_id, organisation_id, person_type, username, username_key, bksb_user_id, created_by_pics, state, created_at, created_by)
       VALUES ('${theirPerson}', '${f.identity.otherOrganisationId}', 'learner', 'their.user', 'their.user', ${people.Active.userId}, ${onPostgres ? 'false' : '0'}, 'active', '2026-01-01T00:00:00.000Z', 'x')`,
    );
    const tickAt = new Date('2030-01-01T03:00:00Z');
    await cron().tick(tickAt);
    await cron().tick(tickAt);
    const runsOf = async (token: 'staff' | 'otherAdmin') => (await f.as(token).get(`${B}/sync-runs?limit=100`)).body as SyncRunJson[];
    const [ours, theirs] = await eventually('a scheduled run of each organisation', async () => {
      const both = [(await runsOf('staff')).filter((r) => r.trigger === 'schedule'), await runsOf('otherAdmin')];
      return both.every((runs) => runs.length > 0) && both;
    });
    expect(ours).toHaveLength(1);
    expect(theirs).toHaveLength(1);
    expect((await finished(ours[0].id)).status).toBe('succeeded');
    expect((await finished(theirs[0].id, 'otherAdmin')).status).toBe('failed');
    const health = (await f.as('support').get('/api/support/organisations')).body;
    expect(health.find((o: { id: string }) => o.id === f.identity.organisationId).bksb).toMatchObject({ enabled: true, lastRunStatus: 'succeeded' });
    await f.as('support').put(`/api/support/organisations/${f.identity.otherOrganisationId}/licences/bksb`, { enabled: false }).expect(200);
  });

  it("takes over a stopped instance's run once its lease has expired", async () => {
    const orphan = randomUUID();
    await database().query(
      `INSERT INTO bksb_sync_runs (id, organisation_id, trigger, status, started_at, running_key, tick_key, owner, lease_expires_at,
         people_checked, results_imported, tags_applied, api_calls, failure_count, failures)
       VALUES ('${orphan}', '${f.identity.organisationId}', 'schedule', 'running', '2026-01-01T00:00:00.000Z', '${f.identity.organisationId}',
         'schedule:orphan', 'instance-gone', '2026-01-01T00:02:00.000Z', 0, 0, 0, 0, 0, '[]')`,
    );
    // The press takes the orphan over (with its own scope) and waits queued behind it.
    const blocked = await f.as('staff').post(`${B}/sync`).expect(202);
    expect(blocked.body).toMatchObject({ status: 'queued', runId: null });
    const waiting = (await f.as('staff').get(`${B}/sync-requests/${blocked.body.requestId}`).expect(200)).body;
    expect(waiting).toMatchObject({ scope: 'everyone', trigger: 'manual', status: 'queued', queuedBehindRunId: orphan });
    expect((await finished(orphan)).status).toBe('succeeded');
    const served = await eventually('the queued press to be served', async () => {
      const request = (await f.as('staff').get(`${B}/sync-requests/${blocked.body.requestId}`).expect(200)).body;
      return request.status === 'done' && request;
    });
    expect(await finished(served.runId)).toMatchObject({ scope: 'everyone', trigger: 'manual', status: 'succeeded', peopleChecked: 3, requestIds: [blocked.body.requestId] });
  });

  it('lists runs newest first with a limit, refusing a bad one, and hides other organisations\' runs', async () => {
    const runs = (await f.as('staff').get(`${B}/sync-runs?limit=2`).expect(200)).body as SyncRunJson[];
    expect(runs).toHaveLength(2);
    const bad = await f.as('staff').get(`${B}/sync-runs?limit=101`).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'limit', message: 'limit must be a whole number from 1 to 100.' }]);
    await f.as('support').put(`/api/support/organisations/${f.identity.otherOrganisationId}/licences/bksb`, { enabled: true }).expect(200);
    await f.as('otherAdmin').get(`${B}/sync-runs/${runs[0].id}`).expect(404);
    await f.as('support').put(`/api/support/organisations/${f.identity.otherOrganisationId}/licences/bksb`, { enabled: false }).expect(200);
  });

  it('refuses a sync while the integration is off', async () => {
    await f.as('admin').put(`${B}/settings`, { integrationEnabled: false }).expect(200);
    await f.as('staff').post(`${B}/sync`).expect(409);
    await f.as('admin').put(`${B}/settings`, { integrationEnabled: true }).expect(200);
  });

  it('prunes runs, log lines and sent mail older than RETENTION_DAYS', async () => {
    const old = '2020-01-01T00:00:00.000Z';
    await database().query(
      `INSERT INTO bksb_sync_runs (id, organisation_id, trigger, status, started_at, finished_at, running_key, tick_key, people_checked, results_imported, tags_applied, api_calls, failure_count, failures)
       VALUES ('${randomUUID()}', '${f.identity.organisationId}', 'schedule', 'succeeded', '${old}', '${old}', 'old-run', 'schedule:old', 0, 0, 0, 0, 0, '[]')`,
    );
    await database().query(
      `INSERT INTO system_log_entries (id, organisation_id, at, source, level, actor, message) VALUES ('${randomUUID()}', '${f.identity.organisationId}', '${old}', 'bksb', 'info', NULL, 'ancient')`,
    );
    const count = async (sql: string) => Number((await database().query(sql))[0].n);
    await cron().prune();
    await f.testApp.app.get(RetentionService).prune();
    expect(await count(`SELECT COUNT(*) AS n FROM bksb_sync_runs WHERE started_at < '2021-01-01'`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM system_log_entries WHERE at < '2021-01-01'`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM bksb_sync_runs`)).toBeGreaterThan(0);
  });

  (onPostgres ? it : it.skip)('syncs each organisation once per tick across two app instances (PostgreSQL)', async () => {
    const second = await f.anotherInstance();
    try {
      const tickAt = new Date('2031-06-01T03:00:00Z');
      await Promise.all([cron().tick(tickAt), second.app.get(BksbSyncCron, { strict: false }).tick(tickAt)]);
      const runs = await database().query(`SELECT id FROM bksb_sync_runs WHERE tick_key = 'schedule:2031-06-01T03:00'`);
      expect(runs).toHaveLength(1);
      expect((await finished(runs[0].id)).status).toBe('succeeded');
    } finally {
      await second.close();
    }
  });
});
