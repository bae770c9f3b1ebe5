import { BksbSandbox, COURSES, SandboxUser, startBksbSandbox } from '@picsweb/bksb-sandbox';
import { callApi, callControl } from './support/sandbox-http';

const NOW = new Date('2026-11-20T10:00:00Z');

describe('bksb sandbox control API over loopback', () => {
  let sandbox: BksbSandbox;

  beforeAll(async () => {
    sandbox = await startBksbSandbox({ users: 5, seed: 42, clock: () => NOW });
  });
  afterEach(() => sandbox.reset({ data: true }));
  afterAll(() => sandbox.close());

  it('lists its routes at GET /__control', async () => {
    const { status, body } = await callControl(sandbox, 'GET', '');
    expect(status).toBe(200);
    expect((body as { routes: string[] }).routes).toEqual(
      expect.arrayContaining(['POST /__control/users', 'POST /__control/faults', 'PUT /__control/latency', 'POST /__control/reset']),
    );
  });

  it('describes its state', async () => {
    const { body } = await callControl(sandbox, 'GET', '/state');
    expect(body).toMatchObject({
      url: sandbox.url,
      users: 5,
      userGroups: 8,
      latency: { fixedMs: 0, jitterMs: 0 },
      rateLimit: null,
      faults: [],
      quirks: { getUserIdNotFoundStatus: 404, getUserIdNotFoundBody: 'text', createUserRefusalStatus: 400 },
    });
  });

  describe('data', () => {
    it('creates a user that the API then knows, and refuses a duplicate with 409', async () => {
      const created = await callControl(sandbox, 'POST', '/users', { username: 'Ann.Lee', firstname: 'Ann', dateOfBirth: '2004-03-17' });
      expect(created.status).toBe(201);
      const user = created.body as SandboxUser;
      expect(user).toMatchObject({ username: 'Ann.Lee', firstname: 'Ann', dateOfBirth: '2004-03-17T00:00:00', userId: expect.any(Number) });
      expect((await callApi(sandbox, 'users/user/getUserId?username=ann.lee')).text).toBe(String(user.userId));
      const again = await callControl(sandbox, 'POST', '/users', { username: 'ANN.LEE' });
      expect(again).toEqual({ status: 409, body: { error: "A user with username 'ANN.LEE' already exists." } });
    });

    it('refuses bodies it cannot use with 400 and a message', async () => {
      expect(await callControl(sandbox, 'POST', '/users', { username: 7 })).toEqual({
        status: 400,
        body: { error: 'username must be a string.' },
      });
      const response = await fetch(`${sandbox.url}/__control/users`, { method: 'POST', body: '{nope' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'The body is not valid JSON.' });
      expect((await callControl(sandbox, 'POST', '/users', { dateOfBirth: '17/03/2004' })).status).toBe(400);
    });

    it('seeds users with results, with consecutive ids', async () => {
      const seeded = await callControl(sandbox, 'POST', '/seed', { users: 20 });
      expect(seeded.status).toBe(201);
      const { created, firstUserId, lastUserId } = seeded.body as { created: number; firstUserId: number; lastUserId: number };
      expect([created, lastUserId - firstUserId]).toEqual([20, 19]);
      const view = await callControl(sandbox, 'GET', `/users/${lastUserId}`);
      expect(view.body).toMatchObject({ user: { userId: lastUserId }, initialResults: expect.any(Array), diagnosticResults: expect.any(Array) });
      expect(sandbox.describe().users).toBe(25);
    });

    it('seeds users who all have initial English and Maths results when asked', async () => {
      const seeded = await callControl(sandbox, 'POST', '/seed', { users: 40, englishAndMaths: true });
      const { firstUserId, lastUserId } = seeded.body as { firstUserId: number; lastUserId: number };
      const areaOf = (courseSubject: string) => COURSES.find((course) => course.courseSubject === courseSubject)?.area;
      const lacking: number[] = [];
      for (let userId = firstUserId; userId <= lastUserId; userId += 1) {
        const areas = sandbox.results(userId, 'initial').map((result) => areaOf(result.courseSubject));
        if (!areas.includes('english') || !areas.includes('maths')) lacking.push(userId);
      }
      // Without the option about one history in five lacks one of them.
      expect(lacking).toEqual([]);
    });

    it('finds a user by name', async () => {
      const { username, userId } = sandbox.createUser({ username: 'zoe' });
      expect((await callControl(sandbox, 'GET', `/users?username=${username.toUpperCase()}`)).body).toMatchObject({ user: { userId } });
      expect((await callControl(sandbox, 'GET', '/users?username=nobody')).status).toBe(404);
    });

    it('adds results with exact fields, or made up where left out', async () => {
      const { userId } = sandbox.createUser();
      const exact = await callControl(sandbox, 'POST', `/users/${userId}/results`, {
        kind: 'initial',
        courseSubject: 'ENG',
        result: 'English E3',
        resultDate: '2026-10-25T01:30:00',
        assessmentId: 40001,
      });
      expect(exact.status).toBe(201);
      const made = await callControl(sandbox, 'POST', `/users/${userId}/results`, { kind: 'diagnostic', resultDate: '2026-11-01T09:00:00Z' });
      expect(made.body).toMatchObject({ kind: 'diagnostic', resultDate: '2026-11-01T09:00:00', score: expect.any(Number) });
      const answer = JSON.parse((await callApi(sandbox, `results/initialAssessment/${userId}/all`)).text) as {
        InitialAssessmentResults: unknown[];
      };
      expect(answer.InitialAssessmentResults).toEqual([
        expect.objectContaining({ CourseSubject: 'ENG', Result: 'English E3', ResultDate: '2026-10-25T01:30:00', AssessmentID: 40001 }),
      ]);
      expect((await callControl(sandbox, 'POST', `/users/${userId}/results`, { kind: 'final' })).status).toBe(400);
      expect((await callControl(sandbox, 'POST', '/users/999999/results', { kind: 'initial' })).status).toBe(404);
    });

    it('generates a result history for a user', async () => {
      const { userId } = sandbox.createUser();
      const { status, body } = await callControl(sandbox, 'POST', `/users/${userId}/results/generate`);
      expect(status).toBe(201);
      const { results } = body as { results: Array<{ kind: string }> };
      expect(sandbox.results(userId, 'initial').length + sandbox.results(userId, 'diagnostic').length).toBe(results.length);
    });

    it('adds an unfinished session', async () => {
      const { userId } = sandbox.createUser();
      const added = await callControl(sandbox, 'POST', `/users/${userId}/sessions`, {
        courseSubject: 'MATHS_NEW',
        assessmentType: 1,
        dateStarted: '2026-11-19T10:00:00',
      });
      expect(added.body).toMatchObject({ dateCompleted: '0001-01-01T00:00:00' });
      const answer = await callApi(sandbox, `assessmentSessions/getAssessmentSessionsForCourseV5?courseSubject=MATHS_NEW&userId=${userId}`);
      expect(JSON.parse(answer.text)).toEqual([expect.objectContaining({ AssessmentType: 1, DateCompleted: '0001-01-01T00:00:00' })]);
    });

    it('adds a user group', async () => {
      expect((await callControl(sandbox, 'POST', '/user-groups', { name: 'Night Class 2026', numberOfUsers: 12 })).status).toBe(201);
      const answer = JSON.parse((await callApi(sandbox, 'userGroups/search?query=night')).text) as { UserGroups: unknown[] };
      expect(answer.UserGroups).toEqual([expect.objectContaining({ Name: 'Night Class 2026', NumberOfUsers: 12 })]);
    });

    it('deletes a user so the API no longer finds it', async () => {
      const { userId, username } = sandbox.createUser({ withResults: true });
      expect(await callControl(sandbox, 'DELETE', `/users/${userId}`)).toEqual({ status: 200, body: { deleted: userId } });
      expect((await callApi(sandbox, `users/user/getUserId?username=${username}`)).status).toBe(404);
      expect((await callApi(sandbox, `results/initialAssessment/${userId}/all`)).status).toBe(404);
      expect((await callControl(sandbox, 'DELETE', `/users/${userId}`)).status).toBe(404);
    });
  });

  describe('behaviour', () => {
    it('sets latency', async () => {
      const set = await callControl(sandbox, 'PUT', '/latency', { fixedMs: 50, jitterMs: 0 });
      expect(set).toEqual({ status: 200, body: { fixedMs: 50, jitterMs: 0 } });
      const started = performance.now();
      await callApi(sandbox, 'users/isUsernameExists?username=x');
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
      expect((await callControl(sandbox, 'PUT', '/latency', { fixedMs: -1 })).status).toBe(400);
    });

    it('injects, lists and clears faults', async () => {
      const injected = await callControl(sandbox, 'POST', '/faults', { kind: 'http503', endpoint: 'isUsernameExists', times: 3 });
      expect(injected).toMatchObject({ status: 201, body: { id: expect.any(String), kind: 'http503', remaining: 3 } });
      expect((await callApi(sandbox, 'users/isUsernameExists?username=x')).status).toBe(503);
      expect((await callControl(sandbox, 'GET', '/faults')).body).toEqual([expect.objectContaining({ remaining: 2, triggered: 1 })]);
      const { id } = injected.body as { id: string };
      expect((await callControl(sandbox, 'DELETE', `/faults/${id}`)).status).toBe(200);
      expect((await callApi(sandbox, 'users/isUsernameExists?username=x')).status).toBe(200);

      await callControl(sandbox, 'POST', '/faults', { kind: 'http500', rate: 1 });
      expect((await callControl(sandbox, 'DELETE', '/faults')).status).toBe(200);
      expect((await callApi(sandbox, 'users/isUsernameExists?username=x')).status).toBe(200);
    });

    it('refuses a fault it does not know, an endpoint it does not know, and both times and rate', async () => {
      expect((await callControl(sandbox, 'POST', '/faults', { kind: 'explode' })).status).toBe(400);
      expect((await callControl(sandbox, 'POST', '/faults', { kind: 'hang', endpoint: 'deleteUser' })).status).toBe(400);
      expect((await callControl(sandbox, 'POST', '/faults', { kind: 'hang', times: 1, rate: 0.5 })).status).toBe(400);
    });

    it('sets the getUserId not-found variant through quirks', async () => {
      const set = await callControl(sandbox, 'PUT', '/quirks', { getUserIdNotFoundStatus: 400 });
      expect(set.body).toMatchObject({ getUserIdNotFoundStatus: 400 });
      expect((await callApi(sandbox, 'users/user/getUserId?username=ghost')).status).toBe(400);
      expect((await callControl(sandbox, 'PUT', '/quirks', { getUserIdNotFoundStatus: 500 })).status).toBe(400);
    });
  });

  describe('observation', () => {
    it('gives the last request of an endpoint, with the raw createUser form', async () => {
      expect((await callControl(sandbox, 'GET', '/requests/createUser/last')).status).toBe(404);
      await callApi(sandbox, 'users/createUser', { form: { Username: 'a b', Firstname: 'A', Lastname: 'B', Password: 'p&q' } });
      const { body } = await callControl(sandbox, 'GET', '/requests/createUser/last');
      expect(body).toMatchObject({
        endpoint: 'createUser',
        method: 'POST',
        body: 'Username=a+b&Firstname=A&Lastname=B&Password=p%26q',
        accessKey: sandbox.key.accessKey,
        headers: { accept: 'application/json' },
      });
      expect((await callControl(sandbox, 'GET', '/requests/nothing/last')).status).toBe(400);
    });

    it('gives metrics and the request log', async () => {
      await callApi(sandbox, 'users/isUsernameExists?username=x');
      await callApi(sandbox, 'nowhere');
      expect((await callControl(sandbox, 'GET', '/metrics')).body).toMatchObject({ totalCalls: 2, calls: { isUsernameExists: 1 } });
      expect((await callControl(sandbox, 'GET', '/requests')).body).toEqual([
        expect.objectContaining({ endpoint: 'isUsernameExists', status: 200 }),
        expect.objectContaining({ endpoint: null, status: 404 }),
      ]);
    });
  });

  describe('reset', () => {
    it('clears counts, faults, latency and quirks but keeps data without data: true', async () => {
      const { username } = sandbox.createUser();
      sandbox.injectFault({ kind: 'http500', rate: 1 });
      sandbox.setLatency({ fixedMs: 30 });
      sandbox.setQuirks({ getUserIdNotFoundStatus: 200 });
      await callApi(sandbox, 'users/isUsernameExists?username=x');
      expect((await callControl(sandbox, 'POST', '/reset', {})).status).toBe(200);
      expect(sandbox.describe()).toMatchObject({ users: 6, faults: [], latency: { fixedMs: 0 }, quirks: { getUserIdNotFoundStatus: 404 } });
      expect(sandbox.metrics().totalCalls).toBe(0);
      expect((await callApi(sandbox, `users/isUsernameExists?username=${username}`)).text).toBe('true');
    });

    it('generates the starting data again from the seed with data: true', async () => {
      const before = [48213, 48214, 48215, 48216, 48217].map((id) => [sandbox.findUser(id), sandbox.results(id, 'initial')]);
      const extra = sandbox.createUser();
      sandbox.deleteUser(48213);
      await callControl(sandbox, 'POST', '/reset', { data: true });
      expect(sandbox.findUser(extra.userId)).toBeUndefined();
      expect([48213, 48214, 48215, 48216, 48217].map((id) => [sandbox.findUser(id), sandbox.results(id, 'initial')])).toEqual(before);
    });

    it('makes the same data in another sandbox with the same seed and clock', async () => {
      const twin = await startBksbSandbox({ users: 5, seed: 42, clock: () => NOW });
      const other = await startBksbSandbox({ users: 5, seed: 43, clock: () => NOW });
      try {
        expect(twin.findUser(48217)).toEqual(sandbox.findUser(48217));
        expect(twin.results(48217, 'initial')).toEqual(sandbox.results(48217, 'initial'));
        expect([1, 2, 3, 4, 5].map((i) => other.findUser(48212 + i)?.username)).not.toEqual(
          [1, 2, 3, 4, 5].map((i) => sandbox.findUser(48212 + i)?.username),
        );
      } finally {
        await Promise.all([twin.close(), other.close()]);
      }
    });
  });

  it('answers 404 for an unknown control route and 405 for a wrong method', async () => {
    expect((await callControl(sandbox, 'GET', '/nothing')).status).toBe(404);
    expect((await callControl(sandbox, 'PATCH', '/latency', {})).status).toBe(405);
  });
});
