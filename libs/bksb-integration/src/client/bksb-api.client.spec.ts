import { HttpService } from '@nestjs/axios';
import { BksbSandbox, startBksbSandbox } from '@picsweb/bksb-sandbox';
import axios from 'axios';
import { BksbApiClient, createUserForm, retryAfterMs } from './bksb-api.client';
import { BksbAttempt, BksbCallContext } from './bksb-api.types';
import { BksbClientOptions, DEFAULT_BKSB_CLIENT_OPTIONS } from './bksb-client.options';
import { BksbError } from './bksb-errors';

/** The client against the sandbox over real loopback sockets. */
describe('BksbApiClient against the sandbox', () => {
  let sandbox: BksbSandbox;
  let attempts: BksbAttempt[];

  const clientWith = (overrides: Partial<BksbClientOptions> = {}) =>
    new BksbApiClient(new HttpService(axios.create()), {
      ...DEFAULT_BKSB_CLIENT_OPTIONS,
      apiUrlOverride: sandbox.url,
      requestTimeoutMs: 400,
      maxAttempts: 3,
      retryBaseDelayMs: 5,
      retryAfterCapMs: 1500,
      ...overrides,
    });
  const contextFor = (organisationId = 'org-1', accessKey = sandbox.key.accessKey, secretKey = sandbox.key.secretKey): BksbCallContext => ({
    connection: { organisationId, region: 'UK', accessKey, secretKey },
    onAttempt: (attempt) => attempts.push(attempt),
  });
  const failureOf = async (promise: Promise<unknown>): Promise<BksbError> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof BksbError) return error;
      throw error;
    }
    throw new Error('expected a BksbError');
  };

  beforeAll(async () => {
    sandbox = await startBksbSandbox();
  });

  afterAll(() => sandbox.close());

  beforeEach(() => {
    sandbox.reset({ data: true });
    attempts = [];
  });

  describe('endpoints', () => {
    it('creates a user with exactly the form body of docs/bksb-api.md', async () => {
      const created = await clientWith().createUser(contextFor(), {
        username: 'ann.lee@example.org',
        firstname: 'Ann',
        lastname: 'Lee',
        password: 'Welcome-2026',
        email: 'ann.lee@example.org',
        dateOfBirth: '2004-03-07',
        autoEnrolCourses: true,
      });
      expect(created).toEqual({ userId: sandbox.findUser('ann.lee@example.org')!.userId, username: 'ann.lee@example.org' });
      const sent = sandbox.lastRequest('createUser')!;
      expect(sent.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      expect(sent.headers.accept).toBe('application/json');
      expect([...new URLSearchParams(sent.body)]).toEqual([
        ['Username', 'ann.lee@example.org'],
        ['Firstname', 'Ann'],
        ['Lastname', 'Lee'],
        ['Password', 'Welcome-2026'],
        ['Email', 'ann.lee@example.org'],
        ['DateOfBirth[Year]', '2004'],
        ['DateOfBirth[Month]', '3'],
        ['DateOfBirth[Day]', '7'],
        ['DateOfBirth[Hour]', '0'],
        ['DateOfBirth[Minute]', '0'],
        ['DateOfBirth[Second]', '0'],
        ['DateOfBirth[Millisecond]', '0'],
        ['AutoEnrolCourses', 'true'],
      ]);
    });

    it('leaves the date of birth out when unknown and says false for auto-enrol', () => {
      const form = createUserForm({ username: 'u', firstname: 'F', lastname: 'L', password: 'p', email: 'e@x.y', dateOfBirth: null, autoEnrolCourses: false });
      expect(Object.keys(form)).toEqual(['Username', 'Firstname', 'Lastname', 'Password', 'Email', 'AutoEnrolCourses']);
      expect(form.AutoEnrolCourses).toBe('false');
    });

    it('refuses a taken user name with bksb\'s own words, without retrying', async () => {
      sandbox.createUser({ username: 'taken' });
      const error = await failureOf(
        clientWith().createUser(contextFor(), { username: 'taken', firstname: 'A', lastname: 'B', password: 'p', email: 'a@b.c', dateOfBirth: null, autoEnrolCourses: false }),
      );
      expect(error.kind).toBe('rejected');
      expect(error.message).toMatch(/^bksb refused the request: .+/);
      expect(sandbox.metrics().calls.createUser).toBe(1);
    });

    it('answers whether a user name exists, and a user id or null in every not-found form', async () => {
      const user = sandbox.createUser({ username: 'ben.carter' });
      const client = clientWith();
      expect(await client.usernameExists(contextFor(), 'ben.carter')).toBe(true);
      expect(await client.usernameExists(contextFor(), 'nobody')).toBe(false);
      expect(await client.getUserId(contextFor(), 'ben.carter')).toBe(user.userId);
      for (const getUserIdNotFoundStatus of [404, 200, 400] as const) {
        for (const getUserIdNotFoundBody of ['text', 'jsonString'] as const) {
          sandbox.setQuirks({ getUserIdNotFoundStatus, getUserIdNotFoundBody });
          expect(await client.getUserId(contextFor(), 'nobody')).toBeNull();
        }
      }
    });

    it('reads the auto-login link, sessions and user groups', async () => {
      const user = sandbox.createUser({ username: 'cara' });
      const client = clientWith();
      expect(await client.getAutoLoginLink(contextFor(), user.userId)).toEqual({ link: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//), expiresAt: null });
      sandbox.setQuirks({ autoLoginLinkBody: 'object' });
      const before = Date.now();
      const { link, expiresAt } = await client.getAutoLoginLink(contextFor(), user.userId);
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/autologin\//);
      // Expiry comes as UK local time to the second, read back as the instant it names.
      expect(expiresAt!.getTime()).toBeGreaterThan(before + 29 * 60_000);
      expect(expiresAt!.getTime()).toBeLessThan(Date.now() + 31 * 60_000);
      sandbox.addSession(user.userId, { courseSubject: 'ENG_NEW', dateStarted: '2026-10-01T09:00:00', dateCompleted: null });
      const sessions = await client.getAssessmentSessions(contextFor(), 'ENG_NEW', user.userId);
      expect(sessions[0]).toMatchObject({ dateStarted: new Date('2026-10-01T08:00:00Z'), dateCompleted: null, assessmentType: 1 });
      sandbox.addUserGroup({ name: 'Apprentices 2026' });
      const groups = await client.searchUserGroups(contextFor(), 'Apprentices');
      expect(groups.items.some((g) => g.Name === 'Apprentices 2026' || JSON.stringify(g).includes('Apprentices 2026'))).toBe(true);
      // Each attempt names its endpoint as the sandbox counts it (the metrics label).
      expect(attempts.map((a) => a.endpoint)).toEqual(['autoLoginLink', 'autoLoginLink', 'sessions', 'userGroups']);
    });
  });

  describe('results', () => {
    it('maps results, converts zone-less UK times to UTC and keeps unknown fields', async () => {
      const user = sandbox.createUser({ username: 'dan' });
      sandbox.addResult(user.userId, {
        kind: 'initial',
        courseSubject: 'MATHS_NEW',
        resultDate: '2026-10-02T13:41:07',
        result: 'Level 1',
        assessmentId: 50000,
        extra: { NewField: 'kept' },
      });
      sandbox.addResult(user.userId, { kind: 'diagnostic', courseSubject: 'ENG_NEW', resultDate: '2026-01-05T09:00:00', result: 'English E3', score: 72 });
      const client = clientWith();
      const [initial] = await client.readNewResults(contextFor(), user.userId, 'initial', new Set());
      expect(initial).toMatchObject({ kind: 'initial', subject: 'Maths', level: 'L1', resultText: 'Level 1', resultDate: new Date('2026-10-02T12:41:07Z') });
      expect(initial.raw.NewField).toBe('kept');
      const [diagnostic] = await client.readNewResults(contextFor(), user.userId, 'diagnostic', new Set());
      expect(diagnostic).toMatchObject({ subject: 'English', level: 'E3', score: 72, resultDate: new Date('2026-01-05T09:00:00Z') });
    });

    it('pages newest first and stops at the first known result: nothing new costs one call', async () => {
      const user = sandbox.createUser({ username: 'eve' });
      for (let day = 1; day <= 45; day += 1) {
        sandbox.addResult(user.userId, { kind: 'initial', courseSubject: 'ENG_NEW', resultDate: `2026-09-${String((day % 28) + 1).padStart(2, '0')}T10:${String(day).padStart(2, '0')}:00`, level: 'Entry 2', sessionId: 1000 + day });
      }
      const client = clientWith();
      const all = await client.readNewResults(contextFor(), user.userId, 'initial', new Set());
      expect(all).toHaveLength(45);
      expect(sandbox.metrics().calls.initialResults).toBe(3);
      const stored = sandbox.results(user.userId, 'initial').map((r) => r.sessionId);
      expect(all.map((r) => r.sessionId)).toEqual(stored);

      const known = new Set(all.map((r) => r.sessionId));
      sandbox.reset();
      expect(await client.readNewResults(contextFor(), user.userId, 'initial', known)).toEqual([]);
      expect(sandbox.metrics().calls.initialResults).toBe(1);

      sandbox.addResult(user.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', resultDate: '2026-11-01T10:00:00', level: 'Level 2', sessionId: 5001 });
      sandbox.addResult(user.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', resultDate: '2026-11-02T10:00:00', level: 'Level 2', sessionId: 5002 });
      sandbox.reset();
      const fresh = await client.readNewResults(contextFor(), user.userId, 'initial', known);
      expect(fresh.map((r) => r.sessionId)).toEqual([5002, 5001]);
      expect(sandbox.metrics().calls.initialResults).toBe(1);
    });

    it('says not found for a user bksb does not know', async () => {
      const error = await failureOf(clientWith().readNewResults(contextFor(), 999_999, 'initial', new Set()));
      expect(error.kind).toBe('not-found');
      expect(sandbox.metrics().calls.initialResults).toBe(1);
    });
  });

  describe('faults', () => {
    it.each([
      ['http500', 500],
      ['http503', 503],
    ] as const)('retries a read after %s and succeeds', async (kind, status) => {
      sandbox.injectFault({ kind, endpoint: 'isUsernameExists', times: 1 });
      expect(await clientWith().usernameExists(contextFor(), 'x')).toBe(false);
      expect(attempts.map((a) => [a.attempt, a.status, a.outcome])).toEqual([
        [1, status, 'unavailable'],
        [2, 200, 'ok'],
      ]);
    });

    it('gives up on a read that never answers, after its attempts, as unavailable', async () => {
      sandbox.injectFault({ kind: 'hang', endpoint: 'isUsernameExists', times: 5 });
      const error = await failureOf(clientWith({ requestTimeoutMs: 150 }).usernameExists(contextFor(), 'x'));
      expect(error.kind).toBe('unavailable');
      expect(attempts).toHaveLength(3);
      expect(attempts.every((a) => a.outcome === 'unavailable' && a.status === null)).toBe(true);
    });

    it('cuts a body that trickles with the overall deadline', async () => {
      const user = sandbox.createUser({ username: 'slow' });
      sandbox.generateResults(user.userId);
      sandbox.injectFault({ kind: 'trickle', endpoint: 'initialResults', times: 5, trickleIntervalMs: 20 });
      const started = Date.now();
      const error = await failureOf(clientWith({ requestTimeoutMs: 200, maxAttempts: 2 }).readNewResults(contextFor(), user.userId, 'initial', new Set()));
      expect(error.kind).toBe('unavailable');
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('retries after a connection reset', async () => {
      sandbox.injectFault({ kind: 'reset', endpoint: 'getUserId', times: 1 });
      expect(await clientWith().getUserId(contextFor(), 'nobody')).toBeNull();
      expect(attempts.map((a) => a.outcome)).toEqual(['unavailable', 'ok']);
    });

    it('classifies a garbage body as a bad response', async () => {
      sandbox.injectFault({ kind: 'garbage', endpoint: 'isUsernameExists', times: 1 });
      const error = await failureOf(clientWith().usernameExists(contextFor(), 'x'));
      expect(error.kind).toBe('bad-response');
      expect(error.message).toMatch(/could not read/);
    });

    it('stops at once on wrong keys and on a missing permission, saying what to do', async () => {
      const wrong = await failureOf(clientWith().usernameExists(contextFor('org-1', sandbox.key.accessKey, 'not-the-secret'), 'x'));
      expect(wrong.kind).toBe('credentials');
      expect(wrong.message).toMatch(/Check the API Access Key and API Secret Key in Settings/);
      sandbox.upsertKey({ accessKey: 'ab12cd34', secretKey: 'no-results-secret-000000', permissions: { results: false } });
      const user = sandbox.createUser({ username: 'gus' });
      const denied = await failureOf(clientWith().readNewResults(contextFor('org-1', 'ab12cd34', 'no-results-secret-000000'), user.userId, 'initial', new Set()));
      expect(denied.kind).toBe('permissions');
      expect(denied.message).toMatch(/set every Permission of the key to Allow/i);
      expect(attempts).toHaveLength(2);
    });

    it('honours Retry-After, and fails at once when it is longer than the cap', async () => {
      sandbox.setRateLimit({ requestsPerSecond: 1, retryAfterSeconds: 1 });
      const client = clientWith();
      await client.usernameExists(contextFor(), 'a');
      const started = Date.now();
      await client.usernameExists(contextFor(), 'b');
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(attempts.map((a) => a.status)).toEqual([200, 429, 200]);

      sandbox.setRateLimit({ requestsPerSecond: 1, retryAfterSeconds: 120 });
      await client.usernameExists(contextFor(), 'c').catch(() => undefined);
      const error = await failureOf(client.usernameExists(contextFor(), 'd'));
      expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 120_000 });
    });

    it('reads Retry-After as seconds or as an HTTP date', () => {
      expect(retryAfterMs('3')).toBe(3000);
      expect(retryAfterMs(new Date(Date.UTC(2026, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(10_000);
      expect(retryAfterMs('soon')).toBeNull();
      expect(retryAfterMs(undefined)).toBeNull();
    });
  });

  describe('createUser is never duplicated', () => {
    const newUser = { username: 'hal@example.org', firstname: 'Hal', lastname: 'Ives', password: 'Welcome-2026', email: 'hal@example.org', dateOfBirth: null, autoEnrolCourses: false };

    it('links the user when the answer is lost, instead of creating twice', async () => {
      sandbox.injectFault({ kind: 'lostAnswer', endpoint: 'createUser', times: 1 });
      const created = await clientWith().createUser(contextFor(), newUser);
      expect(created.userId).toBe(sandbox.findUser('hal@example.org')!.userId);
      expect(sandbox.metrics().calls.createUser).toBe(1);
      expect(sandbox.metrics().calls.getUserId).toBe(1);
    });

    it('links the user bksb made when its 2xx answer cannot be read, without creating again', async () => {
      sandbox.injectFault({ kind: 'garbledAnswer', endpoint: 'createUser', times: 1 });
      const created = await clientWith().createUser(contextFor(), newUser);
      expect(created.userId).toBe(sandbox.findUser('hal@example.org')!.userId);
      expect(sandbox.metrics().calls.createUser).toBe(1);
      expect(sandbox.metrics().calls.getUserId).toBe(1);
    });

    it('calls a 2xx without a user id unclear, not a refusal, when bksb has no such user, and does not create again', async () => {
      sandbox.injectFault({ kind: 'garbage', endpoint: 'createUser', times: 1 });
      const error = await failureOf(clientWith().createUser(contextFor(), newUser));
      expect(error.kind).toBe('bad-response');
      expect(sandbox.metrics().calls.createUser).toBe(1);
      expect(sandbox.metrics().calls.getUserId).toBe(1);
    });

    it('looks the user name up after an unclear failure on the last attempt', async () => {
      sandbox.injectFault({ kind: 'lostAnswer', endpoint: 'createUser', times: 1 });
      const created = await clientWith({ maxAttempts: 1 }).createUser(contextFor(), newUser);
      expect(created.userId).toBe(sandbox.findUser('hal@example.org')!.userId);
      expect(sandbox.metrics().calls.createUser).toBe(1);
      expect(sandbox.metrics().calls.getUserId).toBe(1);
    });

    it('tries again after looking up when bksb failed before creating', async () => {
      sandbox.injectFault({ kind: 'http500', endpoint: 'createUser', times: 1 });
      const created = await clientWith().createUser(contextFor(), newUser);
      expect(created.userId).toBe(sandbox.findUser('hal@example.org')!.userId);
      expect(sandbox.metrics().calls.createUser).toBe(2);
      expect(sandbox.metrics().calls.getUserId).toBe(1);
    });
  });

  describe('limits', () => {
    it('never has more requests in flight than the per-organisation and global limits', async () => {
      sandbox.setLatency({ fixedMs: 30 });
      sandbox.upsertKey({ accessKey: 'aa11bb22', secretKey: 'second-organisation-key0' });
      const client = clientWith({ perOrganisationConcurrency: 2, perOrganisationPerSecond: 1000, globalConcurrency: 3 });
      await Promise.all([
        ...Array.from({ length: 8 }, (_, i) => client.usernameExists(contextFor('org-1'), `a${i}`)),
        ...Array.from({ length: 8 }, (_, i) => client.usernameExists(contextFor('org-2', 'aa11bb22', 'second-organisation-key0'), `b${i}`)),
      ]);
      const metrics = sandbox.metrics();
      expect(metrics.maxInFlightByKey[sandbox.key.accessKey]).toBe(2);
      expect(metrics.maxInFlightByKey.aa11bb22).toBe(2);
      expect(metrics.maxInFlight).toBe(3);
    });

    it('spaces one organisation\'s requests to its rate per second', async () => {
      const client = clientWith({ perOrganisationConcurrency: 10, perOrganisationPerSecond: 20 });
      const started = Date.now();
      await Promise.all(Array.from({ length: 6 }, (_, i) => client.usernameExists(contextFor(), `r${i}`)));
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    });
  });

  it('never puts a credential in an error, an attempt report or a log', async () => {
    const secret = sandbox.key.secretKey;
    const basic = Buffer.from(`${sandbox.key.accessKey}:${secret}`).toString('base64');
    sandbox.injectFault({ kind: 'reset', endpoint: 'all', times: 10 });
    const errors = [
      await failureOf(clientWith().usernameExists(contextFor(), 'x')),
      await failureOf(clientWith().usernameExists(contextFor('org-1', 'wrong', 'wrong-secret'), 'x')),
    ];
    sandbox.clearFaults();
    errors.push(await failureOf(clientWith().usernameExists(contextFor('org-1', sandbox.key.accessKey, 'wrong-secret'), 'x')));
    const everything = JSON.stringify({ errors: errors.map((e) => ({ ...e, message: e.message, stack: e.stack })), attempts });
    for (const leak of [secret, basic, 'wrong-secret', 'Authorization', 'Basic ']) expect(everything).not.toContain(leak);
  });
});
