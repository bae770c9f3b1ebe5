import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MailService } from '../../apps/picsweb/src/mail/mail.service';
import { BksbFixture, DEFAULT_PASSWORD, LOGIN_URL, startBksbFixture } from '../support/bksb-fixture';
import { eventually } from '../support/eventually';
import { onPostgres } from '../support/test-database';
import { httpAs } from '../support/identity';

const B = '/api/integrations/bksb';

describe('bksb accounts for learners and applicants', () => {
  let f: BksbFixture;

  beforeAll(async () => {
    f = await startBksbFixture({ smtp: true });
  });

  afterAll(() => f.close());

  beforeEach(() => f.sandbox.reset());

  const learner = (fields: object = {}) =>
    f.person('learners', { firstName: 'Ann', lastName: 'Lee', email: `ann.${randomUUID().slice(0, 8)}@example.org`, dateOfBirth: '2004-03-07', ...fields });
  const setSettings = (body: object) => f.as('admin').put(`${B}/settings`, body).expect(200);
  const link = (id: string) => f.testApp.app.get(DataSource).query(`SELECT * FROM bksb_account_links WHERE person_id = '${id}'`);

  describe('creating an account', () => {
    it('checks in order: integration on, person, email, no account yet, user name free', async () => {
      await setSettings({ integrationEnabled: false });
      const off = await f.as('staff').post(`${B}/learners/${randomUUID()}/account`, {}).expect(409);
      expect(off.body.message).toBe('The bksb integration is switched off. An administrator can switch it on in Settings.');
      await setSettings({ integrationEnabled: true });

      await f.as('staff').post(`${B}/learners/${randomUUID()}/account`, {}).expect(404);
      const theirs = await f.person('learners', { firstName: 'Zed', lastName: 'Other', email: 'zed@example.org' }, 'otherAdmin');
      await f.as('staff').post(`${B}/learners/${theirs}/account`, {}).expect(404);

      const noEmail = await learner({ firstName: 'Bob', lastName: 'Marley', email: null });
      const unprocessable = await f.as('staff').post(`${B}/learners/${noEmail}/account`, {}).expect(422);
      expect(unprocessable.body.message).toBe('Bob Marley has no email address. Add one, then create the bksb account.');

      const id = await learner();
      await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(201);
      const again = await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(409);
      expect(again.body.message).toMatch(/^Ann Lee already has a bksb account/);

      f.sandbox.createUser({ username: 'taken.name' });
      const other = await learner();
      const taken = await f.as('staff').post(`${B}/learners/${other}/account`, { username: 'taken.name' }).expect(409);
      expect(taken.body.message).toMatch(/bksb already has a user named taken.name.*link it instead/);
      expect(f.sandbox.metrics().calls.createUser).toBe(1);
    });

    it('sends createUser exactly as docs/bksb-api.md says, with names, date of birth and the auto-enrol setting', async () => {
      await setSettings({ autoEnrolOnCourses: true });
      const id = await learner({ firstName: 'Cara', lastName: 'Lees', email: 'cara.lees@example.org', dateOfBirth: '2003-11-30' });
      const created = await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(201);
      expect(created.body).toEqual({ username: 'cara.lees@example.org', bksbUserId: f.sandbox.findUser('cara.lees@example.org')!.userId, loginDetailsQueued: true });
      expect([...new URLSearchParams(f.sandbox.lastRequest('createUser')!.body)]).toEqual([
        ['Username', 'cara.lees@example.org'],
        ['Firstname', 'Cara'],
        ['Lastname', 'Lees'],
        ['Password', DEFAULT_PASSWORD],
        ['Email', 'cara.lees@example.org'],
        ['DateOfBirth[Year]', '2003'],
        ['DateOfBirth[Month]', '11'],
        ['DateOfBirth[Day]', '30'],
        ['DateOfBirth[Hour]', '0'],
        ['DateOfBirth[Minute]', '0'],
        ['DateOfBirth[Second]', '0'],
        ['DateOfBirth[Millisecond]', '0'],
        ['AutoEnrolCourses', 'true'],
      ]);
      await setSettings({ autoEnrolOnCourses: false });
      const noBirthday = await f.person('applicants', { firstName: 'Dan', lastName: 'Day', email: 'dan.day@example.org' });
      await f.as('staff').post(`${B}/applicants/${noBirthday}/account`, { username: 'dan.day' }).expect(201);
      const form = new URLSearchParams(f.sandbox.lastRequest('createUser')!.body);
      expect([...form.keys()]).toEqual(['Username', 'Firstname', 'Lastname', 'Password', 'Email', 'AutoEnrolCourses']);
      expect(form.get('Username')).toBe('dan.day');
      expect(form.get('AutoEnrolCourses')).toBe('false');
    });

    it('makes one bksb user for five simultaneous requests', async () => {
      const id = await learner({ email: 'five@example.org' });
      const responses = await Promise.all(Array.from({ length: 5 }, () => f.as('staff').post(`${B}/learners/${id}/account`, {})));
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect(f.sandbox.metrics().calls.createUser).toBe(1);
      expect(f.sandbox.findUser('five@example.org')).toBeDefined();
    });

    it('links instead of duplicating when bksb made the user but the answer was lost', async () => {
      const id = await learner({ email: 'lost@example.org' });
      f.sandbox.injectFault({ kind: 'lostAnswer', endpoint: 'createUser', times: 1 });
      const created = await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(201);
      expect(created.body.bksbUserId).toBe(f.sandbox.findUser('lost@example.org')!.userId);
      expect(f.sandbox.metrics().calls.createUser).toBe(1);
      expect((await link(id))[0].state).toBe('active');
    });

    /** A claim as a request that crashed (before claim tokens existed) left it. */
    const insertClaim = async (personId: string, username: string, expired: boolean) =>
      f.testApp.app.get(DataSource).query(
        `INSERT INTO bksb_account_links (person_id, organisation_id, person_type, username, username_key, bksb_user_id, created_by_pics, state, claim_expires_at, created_at, created_by)
         VALUES ('${personId}', '${f.identity.organisationId}', 'learner', '${username}', '${username}', NULL, ${onPostgres ? 'true' : '1'}, 'claimed',
                 '${new Date(Date.now() + (expired ? -1000 : 60_000)).toISOString()}', '2026-01-01T00:00:00.000Z', 'crashed@northfield.test')`,
      );

    it('recovers a claim left by a crash between claim and confirm', async () => {
      const madeBeforeCrash = await learner({ email: 'crash1@example.org' });
      const user = f.sandbox.createUser({ username: 'crash1@example.org' });
      await insertClaim(madeBeforeCrash, 'crash1@example.org', true);
      const recovered = await f.as('staff').post(`${B}/learners/${madeBeforeCrash}/account`, {}).expect(201);
      expect(recovered.body.bksbUserId).toBe(user.userId);
      expect(f.sandbox.metrics().calls.createUser).toBe(0);

      const neverMade = await learner({ email: 'crash2@example.org' });
      await insertClaim(neverMade, 'crash2@example.org', true);
      await f.as('staff').post(`${B}/learners/${neverMade}/account`, {}).expect(201);
      expect(f.sandbox.metrics().calls.createUser).toBe(1);

      const inProgress = await learner({ email: 'crash3@example.org' });
      await insertClaim(inProgress, 'crash3@example.org', false);
      const busy = await f.as('staff').post(`${B}/learners/${inProgress}/account`, {}).expect(409);
      expect(busy.body.message).toMatch(/being created right now/);
    });

    it('makes one bksb user for two requests after an expired claim, with different user names, and a consistent link', async () => {
      const id = await learner({ email: 'race@example.org' });
      await insertClaim(id, 'race@example.org', true);
      // Slow enough that both requests find the expired claim before either has made a user.
      f.sandbox.setLatency({ fixedMs: 150 });
      const first = f.as('staff').post(`${B}/learners/${id}/account`, { username: 'race.one' }).then((r) => r);
      await eventually('the first request to be asking bksb', () => f.sandbox.metrics().inFlight > 0);
      const second = f.as('admin').post(`${B}/learners/${id}/account`, { username: 'race.two' }).then((r) => r);
      const statuses = (await Promise.all([first, second])).map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409]);
      expect(f.sandbox.metrics().calls.createUser).toBe(1);
      const [row] = await link(id);
      expect(row.state).toBe('active');
      expect(Number(row.bksb_user_id)).toBe(f.sandbox.findUser(row.username)!.userId);
    });

    it('links the user bksb made when its answer to createUser cannot be read, never creating twice', async () => {
      const id = await learner({ email: 'garbled@example.org' });
      f.sandbox.injectFault({ kind: 'garbledAnswer', endpoint: 'createUser', times: 1 });
      const created = await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(201);
      expect(created.body.bksbUserId).toBe(f.sandbox.findUser('garbled@example.org')!.userId);
      expect(f.sandbox.metrics().calls.createUser).toBe(1);
    });

    it('answers 503 when bksb cannot be reached, and a retry later neither fails nor duplicates', async () => {
      const id = await learner({ email: 'flaky@example.org' });
      f.sandbox.injectFault({ kind: 'hang', endpoint: 'createUser', times: 1 });
      f.sandbox.injectFault({ kind: 'hang', endpoint: 'getUserId', times: 3 });
      f.sandbox.injectFault({ kind: 'http503', endpoint: 'createUser', times: 5 });
      await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(503);
      f.sandbox.clearFaults();
      await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(201);
      expect(f.sandbox.findUser('flaky@example.org')).toBeDefined();
    });
  });

  describe('linking, unlinking and inviting', () => {
    it('links an existing user after looking it up; unknown is 404, doubly linked 409; a learner and an applicant may share', async () => {
      const user = f.sandbox.createUser({ username: 'shared.user' });
      const asLearner = await learner();
      const asApplicant = await f.person('applicants', { firstName: 'Ann', lastName: 'Lee' });
      const otherLearner = await learner();
      const unknown = await f.as('staff').put(`${B}/learners/${asLearner}/account`, { username: 'no.such.user' }).expect(404);
      expect(unknown.body.message).toBe('No bksb user named no.such.user.');
      expect((await f.as('staff').put(`${B}/learners/${asLearner}/account`, { username: 'shared.user' }).expect(200)).body).toEqual({
        username: 'shared.user',
        bksbUserId: user.userId,
      });
      await f.as('staff').put(`${B}/applicants/${asApplicant}/account`, { username: 'Shared.User' }).expect(200);
      const doubly = await f.as('staff').put(`${B}/learners/${otherLearner}/account`, { username: 'shared.user' }).expect(409);
      expect(doubly.body.message).toBe('The bksb user shared.user is already linked to another learner of your organisation.');
      await f.as('staff').put(`${B}/learners/${asLearner}/account`, { username: 'shared.user' }).expect(409);
      expect(f.sandbox.metrics().calls.createUser).toBe(0);
    });

    it('unlinks (204) and only sends login details again for accounts PICSWeb made', async () => {
      f.sandbox.createUser({ username: 'linked.only' });
      const linked = await learner();
      await f.as('staff').put(`${B}/learners/${linked}/account`, { username: 'linked.only' }).expect(200);
      const refused = await f.as('staff').post(`${B}/learners/${linked}/invite`).expect(409);
      expect(refused.body.message).toMatch(/was not made by PICSWeb/);
      await f.as('staff').delete(`${B}/learners/${linked}/account`).expect(204);
      expect((await f.as('staff').get(`${B}/learners/${linked}`).expect(200)).body.account).toBeNull();
      await f.as('staff').delete(`${B}/learners/${linked}/account`).expect(404);

      const made = await learner({ email: 'invite.me@example.org' });
      await f.as('staff').post(`${B}/learners/${made}/account`, {}).expect(201);
      expect((await f.as('staff').post(`${B}/learners/${made}/invite`).expect(200)).body).toEqual({ queued: true, to: 'invite.me@example.org' });
    });
  });

  it('emails the login details through SMTP, with the password only in the delivered message', async () => {
    const id = await learner({ firstName: 'Eve', lastName: 'Stone', email: 'eve.stone@example.org' });
    await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(201);
    await f.testApp.app.get(MailService).deliverDue();
    const delivered = f.smtp!.received.find((m) => m.includes('eve.stone@example.org'))!;
    expect(delivered).toContain('User name: eve.stone@example.org');
    expect(delivered).toContain(`Password:  ${DEFAULT_PASSWORD}`);
    expect(delivered).toContain(LOGIN_URL);
    expect(delivered).toContain('only valid until you change it');
    expect(delivered).toMatch(/Content-Type: text\/html/);
    const outbox = await f.as('admin').get('/api/mail-outbox').expect(200);
    const logs = await f.as('admin').get('/api/system-logs?source=bksb&pageSize=200').expect(200);
    for (const text of [JSON.stringify(outbox.body), JSON.stringify(logs.body), f.testApp.logger.text]) expect(text).not.toContain(DEFAULT_PASSWORD);
    expect(logs.body.items.map((l: { message: string }) => l.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^staff@northfield.test created the bksb account eve.stone@example.org \(user id \d+\) for learner Eve Stone/),
        expect.stringMatching(/^staff@northfield.test queued the bksb login details of eve.stone@example.org for eve.stone@example.org/),
      ]),
    );
    const panel = await f.as('staff').get(`${B}/learners/${id}`).expect(200);
    expect(panel.body).toMatchObject({
      account: { username: 'eve.stone@example.org', createdByPics: true, state: 'active', loginDetailsSentAt: expect.any(String), loginDetails: { state: 'sent' } },
      eligibleForSync: true,
      notEligibleBecause: null,
    });
  });

  it("answers 404 to another organisation for your people, on every route", async () => {
    const id = await learner();
    const them = f.as('otherAdmin');
    await f.sandbox.createUser({ username: 'for.them' });
    // Their organisation is not licensed: 403 before anything else; licensed, it is 404.
    await them.get(`${B}/learners/${id}`).expect(403);
    await f.as('support').put(`/api/support/organisations/${f.identity.otherOrganisationId}/licences/bksb`, { enabled: true }).expect(200);
    await them.put(`${B}/settings`, { integrationEnabled: true, apiAccessKey: 'x', apiSecretKey: 'y', defaultPassword: 'long-enough-1' }).expect(200);
    await them.get(`${B}/learners/${id}`).expect(404);
    await them.post(`${B}/learners/${id}/account`, {}).expect(404);
    await them.put(`${B}/learners/${id}/account`, { username: 'for.them' }).expect(404);
    await them.delete(`${B}/learners/${id}/account`).expect(404);
    await them.post(`${B}/learners/${id}/invite`).expect(404);
  });

  it('answers 409 when the integration is off, for what would call bksb', async () => {
    const id = await learner();
    await setSettings({ integrationEnabled: false });
    try {
      await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(409);
      await f.as('staff').put(`${B}/learners/${id}/account`, { username: 'x' }).expect(409);
      await f.as('staff').post(`${B}/learners/${id}/invite`).expect(409);
      await f.as('staff').get(`${B}/unmatched`).expect(409);
      await f.as('staff').get(`${B}/learners/${id}`).expect(200);
    } finally {
      await setSettings({ integrationEnabled: true });
    }
  });

  it('lists eligible people without an account, suggesting bksb users named by their email, looked up once a day', async () => {
    const suggested = await learner({ firstName: 'Sue', lastName: 'Zed', email: 'sue.zed@example.org' });
    f.sandbox.createUser({ username: 'sue.zed@example.org' });
    await learner({ firstName: 'Tom', lastName: 'Zed', email: 'tom.zed@example.org' });
    await learner({ firstName: 'Old', lastName: 'Zed', systemStatus: 'Archived' });
    const first = await f.as('staff').get(`${B}/unmatched?pageSize=200`).expect(200);
    const zeds = first.body.items.filter((p: { lastName: string }) => p.lastName === 'Zed');
    expect(zeds).toEqual([
      { personType: 'learner', id: suggested, firstName: 'Sue', lastName: 'Zed', email: 'sue.zed@example.org', suggestedUsername: 'sue.zed@example.org' },
      expect.objectContaining({ firstName: 'Tom', suggestedUsername: null }),
    ]);
    const calls = f.sandbox.metrics().calls.isUsernameExists;
    await f.as('staff').get(`${B}/unmatched?pageSize=200`).expect(200);
    expect(f.sandbox.metrics().calls.isUsernameExists).toBe(calls);
  });

  it('looks suggestions up several at once, within the organisation\'s limit, and pages the report by name', async () => {
    const surname = `Page${randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 6; i += 1) await learner({ firstName: `P${i}`, lastName: surname, email: `${surname}.${i}@example.org` });
    f.sandbox.createUser({ username: `${surname}.3@example.org` });
    f.sandbox.setLatency({ fixedMs: 50 });
    const all = (await f.as('staff').get(`${B}/unmatched?pageSize=200`).expect(200)).body;
    const ours = all.items.filter((p: { lastName: string }) => p.lastName === surname);
    expect(ours.map((p: { firstName: string; suggestedUsername: string | null }) => [p.firstName, p.suggestedUsername])).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => [`P${i}`, i === 3 ? `${surname}.3@example.org` : null]),
    );
    const inFlight = f.sandbox.metrics().maxInFlightByKey[f.sandbox.key.accessKey];
    expect(inFlight).toBeGreaterThan(1);
    expect(inFlight).toBeLessThanOrEqual(4);

    const names = (items: Array<{ lastName: string; firstName: string; id: string }>) => items.map((p) => `${p.lastName} ${p.firstName} ${p.id}`);
    const second = (await f.as('staff').get(`${B}/unmatched?page=2&pageSize=3`).expect(200)).body;
    expect(second).toMatchObject({ total: all.total, page: 2, pageSize: 3 });
    expect(names(second.items)).toEqual(names(all.items.slice(3, 6)));
  });

  (onPostgres ? it : it.skip)('makes one bksb user for five simultaneous requests spread over two app instances (PostgreSQL)', async () => {
    const second = await f.anotherInstance();
    try {
      const id = await learner({ email: 'two.instances@example.org' });
      const secondAs = httpAs(second.app, f.identity, 'staff');
      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, i) => (i % 2 === 0 ? f.as('staff') : secondAs).post(`${B}/learners/${id}/account`, {})),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect(f.sandbox.metrics().calls.createUser).toBe(1);
    } finally {
      await second.close();
    }
  });
});
