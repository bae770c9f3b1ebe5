import { Clock } from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BksbSyncCron } from '../../libs/bksb-integration/src/sync/bksb-sync.cron';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';
import { onPostgres } from '../support/test-database';
import { SyncRunJson } from '../support/sync-run-json';

const B = '/api/integrations/bksb';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe(`the fast lanes: new accounts every 10 minutes, an assessment in progress every 2 (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;
  let now: number;
  const cron = () => f.testApp.app.get(BksbSyncCron, { strict: false });
  const runs = async (): Promise<SyncRunJson[]> => (await f.as('staff').get(`${B}/sync-runs?limit=100`).expect(200)).body;
  /** Runs started by `work` (at least `count` of them), once all of them have finished (newest first). */
  const runsOf = async (work: () => Promise<unknown>, count = 0): Promise<SyncRunJson[]> => {
    const before = new Set((await runs()).map((run) => run.id));
    await work();
    // Generous: on a loaded machine (CI beside other work) a 300 ms-latency sweep after a fast run takes several times its 4 s.
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(25)) {
      const started = (await runs()).filter((run) => !before.has(run.id));
      if (started.length >= count && started.every((run) => run.status !== 'running')) return started;
    }
    throw new Error('a run did not finish');
  };
  /** A tick of the hourly sweep; each call is another hour's tick. */
  let hour = 0;
  const sweep = () => runsOf(() => cron().tick(new Date(Date.UTC(2040, 0, 1, (hour += 1)))), 1);
  /** A learner whose bksb account is linked now (as the injected clock has it); returns ids. */
  const linked = async (name: string) => {
    const user = f.sandbox.createUser({ username: `${name}-${randomUUID().slice(0, 8)}` });
    const id = await f.person('learners', { firstName: name, lastName: 'Lane' });
    await f.as('staff').put(`${B}/learners/${id}/account`, { username: user.username }).expect(200);
    return { id, userId: user.userId };
  };
  const tickAt = (lane: 'fresh' | 'session', at: number) => runsOf(() => cron().laneTick(lane, new Date(at)));
  /**
   * Moves the clock to the next new-accounts tick (a whole ten minutes) that reads results,
   * or that reads sessions: those in the first 10 minutes of a half hour, at :00 and :30.
   */
  const nextFreshTick = (reading: 'results' | 'sessions') => {
    do now = (Math.floor(now / (10 * MINUTE)) + 1) * 10 * MINUTE;
    while ((new Date(now).getUTCMinutes() % 30 < 10) !== (reading === 'sessions'));
    return now;
  };
  const nextCheckOf = async (id: string) => (await f.as('staff').get(`${B}/learners/${id}`).expect(200)).body.nextCheck;

  beforeAll(async () => {
    // Schedules that never fire during the test: it calls the ticks itself, with an injected clock.
    f = await startBksbFixture({ env: { BKSB_SYNC_CRON: '0 3 * * *', BKSB_FRESH_CRON: '0 4 1 1 *', BKSB_TAKEOVER_CHECK_MS: '1000' } });
  });

  afterAll(() => f.close());

  beforeEach(() => {
    now = Date.now();
    jest.spyOn(f.testApp.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    f.sandbox.reset();
  });

  afterEach(() => jest.restoreAllMocks());

  it('checks a new account every 10 minutes until both initial results are in, and not after 14 days', async () => {
    now -= 20 * DAY;
    const old = await linked('Old');
    now += 20 * DAY;
    const done = await linked('Done');
    f.sandbox.addResult(done.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 3' });
    f.sandbox.addResult(done.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 1' });
    await f.as('staff').post(`${B}/learners/${done.id}/results/refresh`).expect(200);
    const fresh = await linked('Fresh');
    f.sandbox.reset();

    const [first] = await tickAt('fresh', nextFreshTick('results'));
    expect(first).toMatchObject({ trigger: 'fresh', status: 'succeeded', peopleChecked: 1, resultsImported: 0, apiCalls: 1 });
    expect(f.sandbox.metrics().calls.initialResults).toBe(1);
    expect(f.sandbox.metrics().calls.sessions).toBe(0);

    f.sandbox.addResult(fresh.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 2' });
    expect((await tickAt('fresh', nextFreshTick('results')))[0]).toMatchObject({ trigger: 'fresh', peopleChecked: 1, resultsImported: 1 });

    // English is in, Maths is not: still on the lane.
    f.sandbox.addResult(fresh.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 1' });
    expect((await tickAt('fresh', nextFreshTick('results')))[0]).toMatchObject({ trigger: 'fresh', peopleChecked: 1, resultsImported: 1 });

    // Both are in: the lane is empty, so no run at all.
    expect(await tickAt('fresh', nextFreshTick('results'))).toEqual([]);
    expect(f.sandbox.metrics().calls.initialResults).toBe(3);
    expect(f.sandbox.metrics().calls.sessions).toBe(0);

    // Someone new, until 14 days have passed.
    await linked('Late');
    expect((await tickAt('fresh', nextFreshTick('results')))[0]).toMatchObject({ peopleChecked: 1 });
    // Counted apart from the runs of everyone on the Summary.
    const summary = (await f.as('staff').get(`${B}/summary`).expect(200)).body;
    expect(summary.lastRun).toBeNull();
    expect(summary.fastLanes).toMatchObject({ lastRun: { trigger: 'fresh' }, last24Hours: { runs: 4, peopleChecked: 4, resultsImported: 2 } });
    now += 15 * DAY;
    expect(await tickAt('fresh', now)).toEqual([]);

    // The hourly sweep still checks everyone, the old account included.
    const [everyone] = await sweep();
    expect(everyone).toMatchObject({ trigger: 'schedule', status: 'succeeded', peopleChecked: 4 });
    expect(await nextCheckOf(old.id)).toMatchObject({ reason: 'hourly' });
    expect((await f.as('staff').get(`${B}/summary`).expect(200)).body.lastRun).toMatchObject({ id: everyone.id, trigger: 'schedule' });
  });

  it('never runs at the same time as another run of the organisation: a fast tick during a sweep waits for it, a sweep waits for a fast run', async () => {
    jest.restoreAllMocks();
    await linked('Overlap');
    f.sandbox.setLatency({ fixedMs: 300 });
    // The fast tick meets the sweep and runs once it has ended (newest first).
    const sweepFirst = await runsOf(async () => {
      await f.as('staff').post(`${B}/sync`).expect(202);
      await cron().laneTick('fresh', new Date());
    }, 2);
    expect(sweepFirst.map((run) => run.trigger)).toEqual(['fresh', 'manual']);

    // The sweep's tick meets the fast run and starts once it has ended.
    const fastFirst = await runsOf(async () => {
      await cron().laneTick('fresh', new Date(Date.now() + MINUTE));
      await cron().tick(new Date('2033-03-03T03:00:00Z'));
    }, 2);
    expect(fastFirst.map((run) => run.trigger).sort()).toEqual(['fresh', 'schedule']);

    const all = (await runs()).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    for (let i = 1; i < all.length; i += 1) expect(all[i].startedAt >= all[i - 1].finishedAt!).toBe(true);
  }, 300_000);

  (onPostgres ? it : it.skip)('starts one fast run a tick across two app instances (PostgreSQL)', async () => {
    jest.restoreAllMocks();
    await linked('Twice');
    const second = await f.anotherInstance();
    try {
      const at = new Date(Date.now() + 7 * MINUTE);
      const started = await runsOf(() => Promise.all([cron().laneTick('fresh', at), second.app.get(BksbSyncCron, { strict: false }).laneTick('fresh', at)]));
      expect(started.map((run) => run.trigger)).toEqual(['fresh']);
    } finally {
      await second.close();
    }
  });

  it('checks a person every 2 minutes while an assessment is in progress, and drops back to 10 minutes when it finishes', async () => {
    // Only this test's people are new.
    now += 20 * DAY;
    const sitting = await linked('Sitting');
    const idle = await linked('Idle');
    const session = f.sandbox.addSession(sitting.userId, { courseSubject: 'ENG_NEW', dateStarted: new Date(now - 5 * MINUTE).toISOString() });

    // The new-accounts lane's tick that reads sessions sees it in progress.
    await tickAt('fresh', nextFreshTick('sessions'));
    expect(await nextCheckOf(sitting.id)).toMatchObject({ reason: 'assessment-in-progress' });
    expect(await nextCheckOf(idle.id)).toMatchObject({ reason: 'new-account' });

    f.sandbox.reset();
    for (let i = 0; i < 3; i += 1) {
      now += 2 * MINUTE;
      const [run] = await tickAt('session', now);
      expect(run).toMatchObject({ trigger: 'session', status: 'succeeded', peopleChecked: 1, apiCalls: 1 });
    }

    // The assessment ends with its result: imported at the next 2-minute check, then back to the 10-minute lane.
    f.sandbox.addResult(sitting.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Level 1', sessionId: session.sessionId });
    now += 2 * MINUTE;
    expect((await tickAt('session', now))[0]).toMatchObject({ trigger: 'session', peopleChecked: 1, resultsImported: 1 });
    now += 2 * MINUTE;
    expect(await tickAt('session', now)).toEqual([]);
    expect(await nextCheckOf(sitting.id)).toMatchObject({ reason: 'new-account' });
    now += 10 * MINUTE;
    expect((await tickAt('fresh', now))[0]).toMatchObject({ trigger: 'fresh', peopleChecked: 2 });

    // An assessment left unfinished is watched for 3 hours from its start, then the 10-minute lane goes on.
    f.sandbox.addSession(idle.userId, { courseSubject: 'MATHS_NEW', dateStarted: new Date(now - MINUTE).toISOString() });
    await tickAt('fresh', nextFreshTick('sessions'));
    now += 2 * MINUTE;
    expect((await tickAt('session', now))[0]).toMatchObject({ trigger: 'session', peopleChecked: 1 });
    now += 3 * 60 * MINUTE;
    expect(await tickAt('session', now)).toEqual([]);
  });

  it('sees a new account begin an assessment within 30 minutes without the sweep, which leaves new accounts\' sessions to their lane', async () => {
    // Only this test's people are new (the test above linked its people 20 days on).
    now += 40 * DAY;
    const starting = await linked('Starting');
    f.sandbox.addSession(starting.userId, { courseSubject: 'ENG_NEW', dateStarted: new Date(now).toISOString() });
    f.sandbox.reset();

    // Three ticks of the new-accounts lane, 10 minutes apart from any minute: one of them reads the sessions.
    const ticks: SyncRunJson[] = [];
    for (let i = 0; i < 3; i += 1) {
      now += 10 * MINUTE;
      ticks.push(...(await tickAt('fresh', now)));
    }
    expect(ticks.map((run) => run.peopleChecked)).toEqual([1, 1, 1]);
    // Two of them read the results; the third the sessions of English and Maths, and no results (none is finished).
    expect(f.sandbox.metrics().calls).toMatchObject({ initialResults: 2, sessions: 2 });
    expect(await nextCheckOf(starting.id)).toMatchObject({ reason: 'assessment-in-progress' });
    now += 2 * MINUTE;
    expect((await tickAt('session', now))[0]).toMatchObject({ trigger: 'session', peopleChecked: 1 });

    // The assessment finishes: the next tick that reads sessions reads the results too.
    f.sandbox.addResult(starting.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 3' });
    expect((await tickAt('fresh', nextFreshTick('sessions')))[0]).toMatchObject({ trigger: 'fresh', peopleChecked: 1, resultsImported: 1, apiCalls: 3 });

    // The sweep reads the new account's results, but not its sessions: a Maths assessment begun now waits for the lane.
    f.sandbox.addSession(starting.userId, { courseSubject: 'MATHS_NEW', dateStarted: new Date(now).toISOString() });
    await sweep();
    expect(await nextCheckOf(starting.id)).toMatchObject({ reason: 'new-account' });
    await tickAt('fresh', nextFreshTick('sessions'));
    expect(await nextCheckOf(starting.id)).toMatchObject({ reason: 'assessment-in-progress' });
  });
});
