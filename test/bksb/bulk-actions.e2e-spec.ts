import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { BksbBulkActionService } from '../../libs/bksb-integration/src/bulk/bksb-bulk-action.service';
import { BksbBulkJobStore } from '../../libs/bksb-integration/src/bulk/bksb-bulk-job.store';
import { BksbAccountService } from '../../libs/bksb-integration/src/services/bksb-account.service';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';
import { eventually } from '../support/eventually';
import { onPostgres } from '../support/test-database';
import { TestApp } from '../support/test-app';

const B = '/api/integrations/bksb';

interface Job {
  id: string;
  action: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  done: number;
  counts: { done: number; skipped: number; failed: number };
  startedBy: string;
  message: string | null;
  outcomes: Array<{ personType: string; personId: string; name: string; outcome: string; message: string | null }>;
}

async function finished(f: BksbFixture, id: string): Promise<Job> {
  for (let i = 0; i < 600; i += 1) {
    const job = (await f.as('staff').get(`${B}/bulk-actions/${id}`).expect(200)).body as Job;
    if (job.status !== 'running') return job;
    await sleep(25);
  }
  throw new Error(`bulk action ${id} did not finish`);
}

const email = (name: string) => `${name}.${randomUUID().slice(0, 8)}@example.org`;

describe(`bulk actions on the unmatched report (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;

  beforeAll(async () => {
    f = await startBksbFixture();
  });

  afterAll(() => f.close());

  beforeEach(() => f.sandbox.reset());

  it('creates accounts for 50 people: those without email or already linked are skipped with the reason, no bksb user is made twice', async () => {
    const people: Array<{ id: string; email: string | null; kind: 'new' | 'no-email' | 'linked' }> = [];
    for (let i = 0; i < 50; i += 1) {
      const kind = i % 10 === 3 ? 'no-email' : i % 10 === 7 ? 'linked' : 'new';
      const address = kind === 'no-email' ? null : email(`bulk${i}`);
      const id = await f.person(i % 2 ? 'applicants' : 'learners', { firstName: 'Bulk', lastName: `Person ${i}`, email: address });
      if (kind === 'linked') {
        const user = f.sandbox.createUser({ username: `linked-${randomUUID().slice(0, 8)}` });
        await f.as('staff').put(`${B}/${i % 2 ? 'applicants' : 'learners'}/${id}/account`, { username: user.username }).expect(200);
      }
      people.push({ id, email: address, kind });
    }
    f.sandbox.reset();
    const body = { action: 'create', people: people.map((p, i) => ({ personType: i % 2 ? 'applicant' : 'learner', id: p.id })) };
    const { id } = (await f.as('staff').post(`${B}/bulk-actions`, body).expect(202)).body as { id: string };
    const job = await finished(f, id);

    expect(job).toMatchObject({ action: 'create', status: 'done', total: 50, done: 50, counts: { done: 40, skipped: 10, failed: 0 }, startedBy: 'staff@northfield.test' });
    expect(job.outcomes.map((o) => o.personId)).toEqual(people.map((p) => p.id));
    people.forEach((person, i) => {
      const outcome = job.outcomes[i];
      if (person.kind === 'new') expect(outcome).toMatchObject({ outcome: 'done', message: `Created ${person.email}; login details queued.` });
      if (person.kind === 'no-email') expect(outcome).toMatchObject({ outcome: 'skipped', message: `Bulk Person ${i} has no email address. Add one, then create the bksb account.` });
      if (person.kind === 'linked') expect(outcome).toMatchObject({ outcome: 'skipped', message: expect.stringMatching(/^Bulk Person \d+ already has a bksb account/) });
    });
    // Exactly the expected bksb users, each made once.
    expect(f.sandbox.metrics().calls.createUser).toBe(40);
    for (const person of people.filter((p) => p.kind === 'new')) expect(f.sandbox.findUser(person.email!)).toBeDefined();
    const data = f.testApp.app.get(DataSource);
    const mails = await data.query(`SELECT to_address FROM mail_messages WHERE to_address LIKE 'bulk%'`);
    expect(mails).toHaveLength(40);
    const log = (await f.as('admin').get('/api/system-logs?source=bksb&pageSize=200').expect(200)).body.items as Array<{ actor: string; message: string }>;
    expect(log).toContainEqual(expect.objectContaining({ actor: 'staff@northfield.test', message: expect.stringContaining(`started the bulk action "Create bksb accounts" (${id}) for the chosen people: 50 people`) }));
    expect(log).toContainEqual(expect.objectContaining({ message: `The bulk action ${id} finished: 40 done, 10 skipped, 0 failed.` }));

    // Again: everyone is linked or has no email now, so nothing is made.
    const again = await finished(f, (await f.as('admin').post(`${B}/bulk-actions`, body).expect(202)).body.id);
    expect(again.counts).toEqual({ done: 0, skipped: 50, failed: 0 });
    expect(f.sandbox.metrics().calls.createUser).toBe(40);
  });

  it('answers 409 to a second bulk action while one runs, however they arrive', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => f.person('learners', { firstName: 'Busy', lastName: `${i}`, email: email('busy') })));
    f.sandbox.setLatency({ fixedMs: 60 });
    const body = { action: 'create', people: ids.map((id) => ({ personType: 'learner', id })) };
    const answers = await Promise.all([f.as('staff').post(`${B}/bulk-actions`, body), f.as('admin').post(`${B}/bulk-actions`, body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.message).toMatch(/^A bulk action \("Create bksb accounts", started by (staff|admin)@northfield.test at .*\) is still running for your organisation; only one runs at a time/);
    const third = await f.as('staff').post(`${B}/bulk-actions`, { action: 'link-suggested', people: { all: true } }).expect(409);
    expect(third.body.message).toContain(answers.find((a) => a.status === 202)!.body.id);
    const job = await finished(f, answers.find((a) => a.status === 202)!.body.id);
    expect(job.counts.done).toBe(6);
    expect(f.sandbox.metrics().calls.createUser).toBe(6);
    await f.as('staff').post(`${B}/bulk-actions`, { action: 'create', people: [{ personType: 'learner', id: ids[0] }] }).expect(202);
  });

  it('links the suggested accounts of everyone on the report, importing their results, and skips those without a suggestion', async () => {
    await finishRunning(f);
    const suggested = email('suggested');
    const user = f.sandbox.createUser({ username: suggested });
    f.sandbox.addResult(user.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 3' });
    const withSuggestion = await f.person('learners', { firstName: 'Sue', lastName: 'Gested', email: suggested });
    const without = await f.person('learners', { firstName: 'Nos', lastName: 'Uggestion', email: email('nobody') });
    const { id } = (await f.as('staff').post(`${B}/bulk-actions`, { action: 'link-suggested', people: { all: true } }).expect(202)).body as { id: string };
    const job = await finished(f, id);
    expect(job.status).toBe('done');
    const outcomeOf = (personId: string) => job.outcomes.find((o) => o.personId === personId);
    expect(outcomeOf(withSuggestion)).toMatchObject({ outcome: 'done', message: `Linked ${suggested}.`, name: 'Sue Gested' });
    expect(outcomeOf(without)).toMatchObject({ outcome: 'skipped', message: expect.stringMatching(/^No bksb user named nobody\./) });
    expect(job.outcomes.every((o) => o.outcome !== 'failed')).toBe(true);
    const panel = (await f.as('staff').get(`${B}/learners/${withSuggestion}`).expect(200)).body;
    expect(panel.latest.initial.english).toMatchObject({ level: 'E3' });
    expect(f.sandbox.metrics().calls.createUser).toBe(0);
  });

  it('stops with the reason when bksb refuses the keys, leaving the rest without an outcome', async () => {
    await finishRunning(f);
    const ids = await Promise.all(Array.from({ length: 3 }, (_, i) => f.person('learners', { firstName: 'Key', lastName: `${i}`, email: email('key') })));
    f.sandbox.setKeys([{ ...f.sandbox.key, enabled: false }]);
    try {
      const { id } = (await f.as('staff').post(`${B}/bulk-actions`, { action: 'create', people: ids.map((i) => ({ personType: 'learner', id: i })) }).expect(202)).body;
      const job = await finished(f, id);
      expect(job.status).toBe('failed');
      expect(job.message).toMatch(/^bksb refused the API keys/);
      expect(job.counts.done).toBe(0);
    } finally {
      f.sandbox.reset();
    }
  });

  it('checks the request field by field, and hides other organisations\' actions', async () => {
    const bad = await f.as('staff').post(`${B}/bulk-actions`, { action: 'delete', people: [{ personType: 'tutor', id: 'x' }] }).expect(400);
    expect(bad.body.errors).toEqual([
      { field: 'action', message: 'action must be create or link-suggested.' },
      { field: 'people.0.personType', message: 'personType must be learner or applicant.' },
    ]);
    const none = await f.as('staff').post(`${B}/bulk-actions`, { action: 'create', people: [] }).expect(400);
    expect(none.body.errors).toEqual([{ field: 'people', message: expect.stringMatching(/^people must be a list of 1 to 2000 people/) }]);
    const notAll = await f.as('staff').post(`${B}/bulk-actions`, { action: 'create', people: { all: false } }).expect(400);
    expect(notAll.body.errors).toEqual([{ field: 'people.all', message: 'all must be true: every person of the unmatched report.' }]);
    await f.as('staff').post(`${B}/bulk-actions`, { action: 'create', people: { all: true, extra: 1 } }).expect(400);

    await finishRunning(f);
    const { id } = (await f.as('staff').post(`${B}/bulk-actions`, { action: 'create', people: [{ personType: 'learner', id: randomUUID() }] }).expect(202)).body;
    const job = await finished(f, id);
    expect(job.outcomes).toEqual([expect.objectContaining({ outcome: 'skipped', message: expect.stringMatching(/^No learner with id/) })]);
    await f.as('otherAdmin').get(`${B}/bulk-actions/${id}`).expect(403);
    await f.as('support').get(`${B}/bulk-actions/${id}`).expect(403);
  });
});

/** Waits until the organisation has no running bulk action (tests share one). */
async function finishRunning(f: BksbFixture): Promise<void> {
  const data = f.testApp.app.get(DataSource);
  for (let i = 0; i < 400; i += 1) {
    const rows: unknown[] = await data.query(`SELECT id FROM bksb_bulk_jobs WHERE status = 'running'`);
    if (rows.length === 0) return;
    await sleep(25);
  }
}

describe(`a bulk action when its instance stops (${onPostgres ? 'PostgreSQL, two instances take over' : 'SQLite'})`, () => {
  it('is handed back at shutdown and finished after the restart, with no bksb user made twice', async () => {
    const f = await startBksbFixture();
    const others: TestApp[] = [];
    try {
      const people: Array<{ id: string; email: string }> = [];
      for (let i = 0; i < 30; i += 1) {
        const address = email(`restart${i}`);
        people.push({ id: await f.person('learners', { firstName: 'Re', lastName: `Start ${i}`, email: address }), email: address });
      }
      f.sandbox.setLatency({ fixedMs: 40 });
      const body = { action: 'create', people: people.map((p) => ({ personType: 'learner', id: p.id })) };
      const { id } = (await f.as('staff').post(`${B}/bulk-actions`, body).expect(202)).body as { id: string };
      await sleep(150);
      await f.testApp.app.close();
      const madeBeforeStop = f.sandbox.metrics().calls.createUser;
      expect(madeBeforeStop).toBeGreaterThan(0);
      expect(madeBeforeStop).toBeLessThan(30);

      // Two instances on PostgreSQL start together; each looks for abandoned jobs at start, one takes it.
      others.push(...(await Promise.all(Array.from({ length: onPostgres ? 2 : 1 }, () => f.anotherInstance()))));
      const data = others[0].app.get(DataSource);
      let job: { status: string } | undefined;
      for (let i = 0; i < 400 && job?.status !== 'done'; i += 1) {
        await sleep(25);
        job = (await data.query(`SELECT status FROM bksb_bulk_jobs WHERE id = '${id}'`))[0];
      }
      expect(job?.status).toBe('done');
      const outcomes: Array<{ outcome: string }> = await data.query(`SELECT outcome FROM bksb_bulk_job_items WHERE job_id = '${id}'`);
      expect(outcomes.map((o) => o.outcome)).toEqual(Array(30).fill('done'));
      expect(f.sandbox.metrics().calls.createUser).toBe(30);
      for (const person of people) expect(f.sandbox.findUser(person.email)).toBeDefined();
      const links: Array<{ n: string | number }> = await data.query(`SELECT COUNT(*) AS n FROM bksb_account_links WHERE state = 'active'`);
      expect(Number(links[0].n)).toBe(30);
    } finally {
      await Promise.all(others.map((other) => other.app.close()));
      await f.sandbox.close();
      await f.testApp.database.drop();
    }
  });
});

/** A bulk lease of 1.5 s: renewed every 0.5 s, abandoned jobs looked for every 0.75 s. */
const SHORT_LEASE_MS = 1500;

interface JobRow {
  status: string;
  owner: string | null;
}

/** Learners with an email each, and the body of a create action for them all. */
async function learners(f: BksbFixture, count: number, name: string): Promise<{ people: Array<{ id: string; email: string }>; body: object }> {
  const people: Array<{ id: string; email: string }> = [];
  for (let i = 0; i < count; i += 1) {
    const address = email(`${name}${i}`);
    people.push({ id: await f.person('learners', { firstName: 'Lease', lastName: `${name} ${i}`, email: address }), email: address });
  }
  return { people, body: { action: 'create', people: people.map((p) => ({ personType: 'learner', id: p.id })) } };
}

/** The job's row and its people's outcomes, straight from the database. */
async function stored(app: TestApp, id: string): Promise<{ job: JobRow; outcomes: Map<string, { outcome: string | null; message: string | null }> }> {
  const data = app.app.get(DataSource);
  const [job] = (await data.query(`SELECT status, owner FROM bksb_bulk_jobs WHERE id = '${id}'`)) as JobRow[];
  const items: Array<{ person_id: string; outcome: string | null; message: string | null }> = await data.query(
    `SELECT person_id, outcome, message FROM bksb_bulk_job_items WHERE job_id = '${id}'`,
  );
  return { job, outcomes: new Map(items.map((item) => [item.person_id, { outcome: item.outcome, message: item.message }])) };
}

/** Every person created once, each recorded as created by the job: none lost, none twice. */
async function expectEveryoneCreatedOnce(f: BksbFixture, app: TestApp, id: string, people: Array<{ id: string; email: string }>): Promise<void> {
  const { job, outcomes } = await eventually('the bulk action to finish', async () => {
    const now = await stored(app, id);
    return now.job.status !== 'running' && now;
  });
  expect(job.status).toBe('done');
  for (const person of people) expect(outcomes.get(person.id)).toEqual({ outcome: 'done', message: expect.stringMatching(new RegExp(`^Created ${person.email.replace(/\./g, '\\.')}`)) });
  expect(f.sandbox.metrics().calls.createUser).toBe(people.length);
  for (const person of people) expect(f.sandbox.findUser(person.email)).toBeDefined();
}

describe(`a bulk action whose lease cannot be renewed (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;

  beforeEach(async () => {
    f = await startBksbFixture({ env: { BKSB_BULK_LEASE_MS: String(SHORT_LEASE_MS) } });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await f.close();
  });

  it('stops at once when the renewal fails: no person is started and nothing recorded after it; the takeover finishes everyone once', async () => {
    const { people, body } = await learners(f, 60, 'blip');
    const app = f.testApp.app;
    const store = app.get(BksbBulkJobStore, { strict: false });
    const accounts = app.get(BksbAccountService, { strict: false });
    // The database goes away for this instance's lease work: renewals and the look for abandoned jobs fail.
    const outage = new Error('Connection terminated unexpectedly');
    let failed = false;
    jest.spyOn(store, 'renew').mockImplementation(
      () =>
        new Promise<never>((_, reject) =>
          setImmediate(() => {
            failed = true;
            reject(outage);
          }),
        ),
    );
    jest.spyOn(store, 'abandoned').mockRejectedValue(outage);
    const startedAfter: string[] = [];
    const endedAfter: string[] = [];
    const create = accounts.create.bind(accounts);
    jest.spyOn(accounts, 'create').mockImplementation(async (organisationId, type, personId, username, actor) => {
      if (failed) startedAfter.push(personId);
      try {
        return await create(organisationId, type, personId, username, actor);
      } finally {
        if (failed) endedAfter.push(personId);
      }
    });
    f.sandbox.setLatency({ fixedMs: 30 });

    const { id } = (await f.as('staff').post(`${B}/bulk-actions`, body).expect(202)).body as { id: string };
    // Once the people under way have ended, the job is handed back, unfinished.
    const handedBack = await eventually('the job to be handed back', async () => {
      const now = await stored(f.testApp, id);
      return failed && now.job.owner === null && now;
    });
    expect(handedBack.job.status).toBe('running');
    expect(startedAfter).toEqual([]);
    const recorded = [...handedBack.outcomes.values()].filter((o) => o.outcome !== null).length;
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThan(people.length);
    for (const personId of endedAfter) expect(handedBack.outcomes.get(personId)?.outcome).toBeNull();
    const madeWhenHandedBack = f.sandbox.metrics().calls.createUser;
    await sleep(2 * SHORT_LEASE_MS);
    const later = await stored(f.testApp, id);
    expect(later.outcomes).toEqual(handedBack.outcomes);
    expect(f.sandbox.metrics().calls.createUser).toBe(madeWhenHandedBack);

    // The database is back: the job is taken over and finished; people under way at the failure count as created by it.
    jest.restoreAllMocks();
    await expectEveryoneCreatedOnce(f, f.testApp, id, people);
  });

  it('stops when its lease runs out unrenewed (a renewal that hangs), and another instance finishes everyone once', async () => {
    const { people, body } = await learners(f, 60, 'hang');
    const others = onPostgres ? [await f.anotherInstance()] : [];
    try {
      // This instance's renewals never answer; on PostgreSQL another instance carries on, on SQLite this one after the lease.
      const hang = jest.spyOn(f.testApp.app.get(BksbBulkJobStore, { strict: false }), 'renew').mockImplementation(() => new Promise<boolean>(() => undefined));
      f.sandbox.setLatency({ fixedMs: 40 });
      const { id } = (await f.as('staff').post(`${B}/bulk-actions`, body).expect(202)).body as { id: string };
      await eventually('a renewal to hang', () => hang.mock.calls.length > 0);
      if (!onPostgres) {
        await eventually('the job to be handed back', async () => (await stored(f.testApp, id)).job.owner === null);
        hang.mockRestore();
      }
      await expectEveryoneCreatedOnce(f, f.testApp, id, people);
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  });
});

describe(`a bulk action started while the instance shuts down (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('is handed back at once when saved as shutdown begins, and none starts once it has begun: 503', async () => {
    const f = await startBksbFixture({ env: { BKSB_BULK_LEASE_MS: String(SHORT_LEASE_MS) } });
    try {
      const { body } = await learners(f, 3, 'shutdown');
      const app = f.testApp.app;
      const bulk = app.get(BksbBulkActionService, { strict: false });
      const store = app.get(BksbBulkJobStore, { strict: false });
      const create = store.create.bind(store);
      let shutdown: Promise<void> | undefined;
      jest.spyOn(store, 'create').mockImplementation((...args) => {
        shutdown = bulk.onModuleDestroy();
        return create(...args);
      });
      const { id } = (await f.as('staff').post(`${B}/bulk-actions`, body).expect(202)).body as { id: string };
      // Shutdown waited for the start and handed its job back: nobody worked on, free for another instance now.
      await shutdown;
      const { job, outcomes } = await stored(f.testApp, id);
      expect(job).toEqual({ status: 'running', owner: null });
      expect([...outcomes.values()].every((o) => o.outcome === null)).toBe(true);
      expect(f.sandbox.metrics().calls.createUser).toBe(0);
      jest.restoreAllMocks();

      const refused = await f.as('staff').post(`${B}/bulk-actions`, body).expect(503);
      expect(refused.body.message).toBe('This server is shutting down, so it starts no bulk action. Start it again in a moment.');
      const jobs: unknown[] = await app.get(DataSource).query(`SELECT id FROM bksb_bulk_jobs`);
      expect(jobs).toHaveLength(1);
      // Nor does it take over the job handed back.
      await bulk.resumeAbandoned();
      expect((await stored(f.testApp, id)).job.owner).toBeNull();
    } finally {
      jest.restoreAllMocks();
      await f.close();
    }
  });
});
