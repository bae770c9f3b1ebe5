import { SYSTEM_LOG, SystemLogWriter } from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BksbResultImportService } from '../../libs/bksb-integration/src/services/bksb-result-import.service';
import { BksbSyncRunStore } from '../../libs/bksb-integration/src/sync/bksb-sync-run.store';
import { BksbSyncCron } from '../../libs/bksb-integration/src/sync/bksb-sync.cron';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';
import { eventually } from '../support/eventually';
import { countRowsWritten } from '../support/rows-written';
import { onPostgres } from '../support/test-database';
import { SyncRunJson } from '../support/sync-run-json';

const B = '/api/integrations/bksb';
const PEOPLE = 12;

/** One attempt per call, so each person costs exactly one call and faults land on known people. */
describe(`a sync run, exactly once (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;
  const personIds: string[] = [];

  const finished = (runId: string): Promise<SyncRunJson> =>
    eventually(`run ${runId} to finish`, async () => {
      const run = (await f.as('staff').get(`${B}/sync-runs/${runId}`).expect(200)).body as SyncRunJson;
      return run.status !== 'running' && run;
    });
  const syncNow = async () => finished((await f.as('staff').post(`${B}/sync`).expect(202)).body.runId);
  const warnings = () =>
    f.testApp.logger.lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; message: string })
      .filter((entry) => entry.level === 'warn')
      .map((entry) => entry.message);

  beforeAll(async () => {
    f = await startBksbFixture({ env: { BKSB_MAX_ATTEMPTS: '1', BKSB_SYNC_CRON: '0 3 * * *' } });
    for (let i = 0; i < PEOPLE; i += 1) {
      const user = f.sandbox.createUser({ username: `once-${randomUUID().slice(0, 8)}` });
      const id = await f.person('learners', { firstName: 'Once', lastName: `Person ${i}` });
      await f.as('staff').put(`${B}/learners/${id}/account`, { username: user.username }).expect(200);
      personIds.push(id);
    }
  });

  afterAll(() => f.close());

  beforeEach(() => f.sandbox.reset());

  it('writes a constant number of rows when nothing is new, and still shows when each person was checked', async () => {
    await syncNow();
    const rowsWritten = await countRowsWritten(f.testApp.app.get(DataSource));
    const run = await syncNow();
    // Per person: one results call, and a sessions look-up for English and for Maths (no result of either yet).
    expect(run).toMatchObject({ status: 'succeeded', peopleChecked: PEOPLE, apiCalls: PEOPLE * 3 });
    // Nothing per person (session states that did not change are not written): the request's row (queued, served,
    // done) and the run's (started, counted, finished).
    expect(await rowsWritten()).toBeLessThanOrEqual(6);
    const panel = (await f.as('staff').get(`${B}/learners/${personIds[0]}`).expect(200)).body;
    expect(new Date(panel.lastSyncedAt).getTime()).toBeGreaterThanOrEqual(new Date(run.startedAt).getTime());
  });

  it('stops as unreachable after five people in a row, and makes no call once the run is finished', async () => {
    f.sandbox.setLatency({ fixedMs: 10, jitterMs: 100 });
    f.sandbox.injectFault({ kind: 'http503', endpoint: 'initialResults', rate: 1 });
    const run = await syncNow();
    const callsAtFinish = f.sandbox.metrics().calls.initialResults;
    // Finished only once the calls under way were answered, and it starts no others.
    expect(f.sandbox.metrics().inFlight).toBe(0);
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/could not be reached or did not answer/);
    expect(run.peopleChecked).toBeLessThan(PEOPLE);
    expect(f.sandbox.metrics().calls.initialResults).toBe(callsAtFinish);
    expect(run.apiCalls).toBe(callsAtFinish);
    expect(run.failureCount).toBe(run.peopleChecked);
  });

  it('counts unreachable people in completion order: a success breaks the row, a refusal does not', async () => {
    f.sandbox.injectFault({ kind: 'http503', endpoint: 'initialResults', times: 4 });
    const broken = await syncNow();
    expect(broken).toMatchObject({ status: 'partial', peopleChecked: PEOPLE, failureCount: 4 });

    // Four unreachable, one answer bksb could not make sense of, then unreachable for good:
    // the fifth unreachable person stops the run (at most three more were under way).
    f.sandbox.injectFault({ kind: 'http503', endpoint: 'initialResults', times: 4 });
    f.sandbox.injectFault({ kind: 'garbage', endpoint: 'initialResults', times: 1 });
    f.sandbox.injectFault({ kind: 'http503', endpoint: 'initialResults', rate: 1 });
    const stopped = await syncNow();
    expect(stopped.status).toBe('failed');
    expect(stopped.peopleChecked).toBeLessThanOrEqual(9);
  });

  it('fails the run when a write fails: nobody is counted whose write did not commit, and nothing goes on after', async () => {
    const importer = f.testApp.app.get(BksbResultImportService, { strict: false });
    const store = jest.spyOn(importer, 'storeForRun').mockRejectedValue(new Error('disk full'));
    try {
      const run = await syncNow();
      const callsAtFinish = f.sandbox.metrics().calls.initialResults;
      expect(run.status).toBe('failed');
      expect(run.message).toMatch(/unexpected error/);
      expect(run.peopleChecked).toBe(0);
      expect(f.sandbox.metrics().inFlight).toBe(0);
      // The first failed write starts no more checks: far fewer calls than people.
      expect(callsAtFinish).toBeLessThan(PEOPLE);
      expect(store).toHaveBeenCalled();
    } finally {
      store.mockRestore();
    }
  });

  it('logs at warn, with the run and organisation, what it could not record instead of swallowing it', async () => {
    const systemLog = f.testApp.app.get<SystemLogWriter>(SYSTEM_LOG, { strict: false });
    const store = f.testApp.app.get(BksbSyncRunStore, { strict: false });
    const cron = f.testApp.app.get(BksbSyncCron, { strict: false });
    const organisationId = f.identity.organisationId;
    await f.as('admin').put(`${B}/settings`, { logScheduledSyncApiCalls: true }).expect(200);
    const write = jest.spyOn(systemLog, 'write').mockRejectedValue(new Error('log table locked'));
    const finish = jest.spyOn(store, 'finish').mockRejectedValue(new Error('database gone away'));
    try {
      const { runId } = (await f.as('staff').post(`${B}/sync`).expect(202)).body as { runId: string };
      const expected = [`run ${runId} of ${organisationId}.*log table locked`, `run ${runId} of ${organisationId}.*database gone away`].map((text) => new RegExp(text));
      await eventually('both warnings', () => expected.every((pattern) => warnings().some((line) => pattern.test(line))));
      finish.mockRestore();
    } finally {
      write.mockRestore();
      finish.mockRestore();
      await f.as('admin').put(`${B}/settings`, { logScheduledSyncApiCalls: false }).expect(200);
    }

    jest.spyOn(store, 'abandoned').mockRejectedValueOnce(new Error('abandoned query failed'));
    jest.spyOn(store, 'prune').mockRejectedValueOnce(new Error('prune query failed'));
    await cron.tick(new Date('2032-01-01T03:00:00Z'));
    await cron.prune();
    expect(warnings()).toEqual(expect.arrayContaining([expect.stringMatching(/abandoned query failed/), expect.stringMatching(/prune query failed/)]));
  });
});
