import { BksbSandbox, GARBAGE_BODY, startBksbSandbox } from '@picsweb/bksb-sandbox';
import { eventually } from '../support/eventually';
import { basicAuth, callApi, rawGet } from './support/sandbox-http';

/** Settles at once into a value, so a rejection is never left unhandled while the test waits. */
function outcome(promise: Promise<unknown>): Promise<'answered' | Error> {
  return promise.then(
    () => 'answered' as const,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
}

describe('bksb sandbox faults as a plain HTTP client sees them', () => {
  let sandbox: BksbSandbox;
  let username: string;
  let userId: number;

  beforeAll(async () => {
    sandbox = await startBksbSandbox();
  });
  beforeEach(() => {
    sandbox.reset({ data: true });
    ({ username, userId } = sandbox.createUser({ username: 'ann.lee', withResults: true }));
  });
  afterAll(() => sandbox.close());

  const getUserIdPath = () => `users/user/getUserId?username=${username}`;

  it('answers 500 for the next N calls of one endpoint only, then recovers', async () => {
    sandbox.injectFault({ kind: 'http500', endpoint: 'getUserId', times: 2 });
    expect((await callApi(sandbox, 'users/isUsernameExists?username=x')).status).toBe(200);
    const first = await callApi(sandbox, getUserIdPath());
    expect([first.status, first.text]).toEqual([500, 'An error has occurred.']);
    expect((await callApi(sandbox, getUserIdPath())).status).toBe(500);
    const third = await callApi(sandbox, getUserIdPath());
    expect([third.status, third.text]).toEqual([200, String(userId)]);
  });

  it('answers 503, with Retry-After when asked', async () => {
    sandbox.injectFault({ kind: 'http503', endpoint: 'initialResults', retryAfterSeconds: 7 });
    const answer = await callApi(sandbox, `results/initialAssessment/${userId}/all?page=1&recordsPerPage=20`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('7');
  });

  it('hangs until the client gives up, then counts the request as no longer in flight', async () => {
    sandbox.injectFault({ kind: 'hang', endpoint: 'getUserId' });
    const started = performance.now();
    const error = await callApi(sandbox, getUserIdPath(), { signal: AbortSignal.timeout(150) }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    // On a loaded machine the sandbox may take the request only after the client gave up: it is logged once it ends.
    const logged = await eventually('the hanging request logged', () => sandbox.requestLog().at(-1));
    expect(logged).toMatchObject({ endpoint: 'getUserId', fault: 'hang', status: null });
    expect(sandbox.metrics().inFlight).toBe(0);
    expect((await callApi(sandbox, getUserIdPath())).status).toBe(200);
  });

  it('resets the connection: fetch rejects, and node:http sees ECONNRESET', async () => {
    sandbox.injectFault({ kind: 'reset', endpoint: 'isUsernameExists', times: 2 });
    await expect(callApi(sandbox, 'users/isUsernameExists?username=x')).rejects.toThrow('fetch failed');
    await expect(
      rawGet(`${sandbox.url}/api/users/isUsernameExists?username=x`, { Authorization: basicAuth(sandbox.key) }),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await callApi(sandbox, 'users/isUsernameExists?username=x')).text).toBe('false');
  });

  it('sends a garbage body with status 200 that JSON.parse refuses', async () => {
    sandbox.injectFault({ kind: 'garbage', endpoint: 'diagnosticResults' });
    const answer = await callApi(sandbox, `results/diagnosticAssessment/${userId}/all?page=1&recordsPerPage=20`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.text).toBe(GARBAGE_BODY);
    expect(() => JSON.parse(answer.text) as unknown).toThrow(SyntaxError);
  });

  it('carries out createUser, then garbles its answer: a 200 that JSON.parse refuses, yet the user exists', async () => {
    sandbox.injectFault({ kind: 'garbledAnswer', endpoint: 'createUser' });
    const form = { Username: 'cy.ray', Firstname: 'Cy', Lastname: 'Ray', Password: 'pw', Email: 'cy@example.org' };
    const answer = await callApi(sandbox, 'users/createUser', { form });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(GARBAGE_BODY);
    expect(sandbox.findUser('cy.ray')).toBeDefined();
  });

  it('trickles the real answer: headers at once, then the body a byte at a time', async () => {
    sandbox.injectFault({ kind: 'trickle', endpoint: 'getUserId', trickleIntervalMs: 20 });
    const started = performance.now();
    const response = await fetch(`${sandbox.url}/api/${getUserIdPath()}`, { headers: { Authorization: basicAuth(sandbox.key) } });
    const headersAfter = performance.now() - started;
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
    const bodyAfter = performance.now() - started;
    expect(Buffer.concat(chunks).toString()).toBe(String(userId));
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(bodyAfter - headersAfter).toBeGreaterThanOrEqual(3 * 20 - 5);
  });

  it('trickles slower than an overall deadline, so only a deadline that covers the body catches it', async () => {
    sandbox.injectFault({ kind: 'trickle', endpoint: 'initialResults', trickleIntervalMs: 30 });
    const response = await fetch(`${sandbox.url}/api/results/initialAssessment/${userId}/all?page=1&recordsPerPage=20`, {
      headers: { Authorization: basicAuth(sandbox.key) },
      signal: AbortSignal.timeout(200),
    });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('loses createUser\'s answer after creating the user: fetch rejects, yet the user exists', async () => {
    sandbox.injectFault({ kind: 'lostAnswer', endpoint: 'createUser' });
    const form = { Username: 'bob.ray', Firstname: 'Bob', Lastname: 'Ray', Password: 'pw', Email: 'bob@example.org' };
    await expect(callApi(sandbox, 'users/createUser', { form })).rejects.toThrow('fetch failed');
    expect((await callApi(sandbox, 'users/isUsernameExists?username=bob.ray')).text).toBe('true');
    const lookedUp = await callApi(sandbox, 'users/user/getUserId?username=bob.ray');
    expect(lookedUp.status).toBe(200);
    expect(Number(lookedUp.text)).toBe(sandbox.findUser('bob.ray')?.userId);
    expect(sandbox.lastRequest('createUser')?.body).toBe(new URLSearchParams(form).toString());
    const retry = await callApi(sandbox, 'users/createUser', { form });
    expect(retry.status).toBe(400);
  });

  it('fails every call of every endpoint at rate 1, none at rate 0, and about half at 0.5 (seeded)', async () => {
    const always = sandbox.injectFault({ kind: 'http503', rate: 1 });
    for (const path of ['users/isUsernameExists?username=x', getUserIdPath(), 'userGroups/search']) {
      expect((await callApi(sandbox, path)).status).toBe(503);
    }
    sandbox.clearFault(always.id);
    sandbox.injectFault({ kind: 'http500', rate: 0 });
    expect((await callApi(sandbox, getUserIdPath())).status).toBe(200);
    sandbox.clearFaults();
    sandbox.injectFault({ kind: 'http500', endpoint: 'isUsernameExists', rate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) statuses.push((await callApi(sandbox, 'users/isUsernameExists?username=x')).status);
    const failed = statuses.filter((status) => status === 500).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    expect(sandbox.listFaults()[0].triggered).toBe(failed);
  });

  it('counts every call per endpoint, faulted or not', async () => {
    sandbox.injectFault({ kind: 'http500', endpoint: 'getUserId' });
    await callApi(sandbox, getUserIdPath());
    await callApi(sandbox, getUserIdPath());
    await callApi(sandbox, 'users/isUsernameExists?username=x');
    expect(sandbox.metrics()).toMatchObject({ totalCalls: 3, calls: { getUserId: 2, isUsernameExists: 1, createUser: 0 } });
  });
});

describe('closing a sandbox with hanging, trickling and delayed requests', () => {
  it('closes at once and the clients see their requests fail', async () => {
    const sandbox = await startBksbSandbox();
    const { username } = sandbox.createUser();
    sandbox.injectFault({ kind: 'hang', endpoint: 'getUserId' });
    sandbox.injectFault({ kind: 'trickle', endpoint: 'isUsernameExists', trickleIntervalMs: 1000 });
    const headers = { Authorization: basicAuth(sandbox.key) };
    const hanging = outcome(fetch(`${sandbox.url}/api/users/user/getUserId?username=${username}`, { headers }));
    const tricklingResponse = await fetch(`${sandbox.url}/api/users/isUsernameExists?username=${username}`, { headers });
    const trickling = outcome(tricklingResponse.text());
    await eventually('the fault used up', () => sandbox.listFaults().length === 0);
    sandbox.setLatency({ fixedMs: 10_000 });
    const delayed = outcome(fetch(`${sandbox.url}/api/users/isUsernameExists?username=x`, { headers }));
    await eventually('three requests in flight', () => sandbox.metrics().inFlight === 3);

    const started = performance.now();
    await sandbox.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hanging).toBeInstanceOf(Error);
    expect(await trickling).toBeInstanceOf(Error);
    expect(await delayed).toBeInstanceOf(Error);
  });
});
