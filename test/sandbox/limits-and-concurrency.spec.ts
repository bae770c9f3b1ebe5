import { BksbSandbox, startBksbSandbox } from '@picsweb/bksb-sandbox';
import { eventually } from '../support/eventually';
import { Credentials, callApi, callControl } from './support/sandbox-http';

const SECOND_KEY = { accessKey: 'b2b2b2b2', secretKey: 'c3c3c3c3c3c3c3c3c3c3c3c3' };

describe('bksb sandbox rate limit, latency and concurrency over loopback', () => {
  let sandbox: BksbSandbox;

  beforeAll(async () => {
    sandbox = await startBksbSandbox({ keys: [{ accessKey: '5a1e2b3c', secretKey: '9f3c1d7a5e2b8c4f6a0d1e3b' }, SECOND_KEY] });
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  const probe = (credentials: Credentials = sandbox.key) => callApi(sandbox, 'users/isUsernameExists?username=x', { credentials });

  describe('rate limit', () => {
    it('answers 429 with Retry-After in seconds and a plain body past the limit', async () => {
      sandbox.setRateLimit({ requestsPerSecond: 2 });
      const answers = [];
      for (let i = 0; i < 5; i += 1) answers.push(await probe());
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429, 429, 429]);
      expect(answers[2].headers.get('retry-after')).toBe('1');
      expect(answers[2].headers.get('content-type')).toMatch(/^text\/plain/);
      expect(answers[2].text).toBe('Too many requests. Try again in 1 seconds.');
    });

    it('admits calls again once the bucket refills', async () => {
      sandbox.setRateLimit({ requestsPerSecond: 2 });
      const burst = await Promise.all(Array.from({ length: 12 }, () => probe()));
      expect(burst.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(4);
      // A refused call takes no token: probing does not delay the refill.
      await eventually('a call admitted after the refill', async () => (await probe()).status === 200, 3000);
    });

    it('can write Retry-After as an HTTP date', async () => {
      sandbox.setRateLimit({ requestsPerSecond: 1, retryAfter: 'httpDate' });
      await probe();
      const limited = await probe();
      expect(limited.status).toBe(429);
      const retryAfter = limited.headers.get('retry-after') ?? '';
      expect(retryAfter).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      const wait = Date.parse(retryAfter) - Date.now();
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(3000);
    });

    it('can announce a long fixed wait, to test a client that caps it', async () => {
      sandbox.setRateLimit({ requestsPerSecond: 1, retryAfterSeconds: 3600 });
      await probe();
      expect((await probe()).headers.get('retry-after')).toBe('3600');
    });

    it('keeps one budget per access key in perKey scope, and one for all otherwise', async () => {
      sandbox.setRateLimit({ requestsPerSecond: 1, scope: 'perKey' });
      expect((await probe()).status).toBe(200);
      expect((await probe()).status).toBe(429);
      expect((await probe(SECOND_KEY)).status).toBe(200);
      sandbox.setRateLimit({ requestsPerSecond: 1 });
      expect((await probe()).status).toBe(200);
      expect((await probe(SECOND_KEY)).status).toBe(429);
    });

    it('is set and lifted through the control API, and reset lifts it', async () => {
      expect((await callControl(sandbox, 'PUT', '/rate-limit', { requestsPerSecond: 1 })).status).toBe(200);
      await probe();
      expect((await probe()).status).toBe(429);
      expect((await callControl(sandbox, 'DELETE', '/rate-limit')).status).toBe(200);
      expect((await probe()).status).toBe(200);
      sandbox.setRateLimit({ requestsPerSecond: 1 });
      await probe();
      sandbox.reset();
      expect((await probe()).status).toBe(200);
    });
  });

  describe('latency and requests in flight', () => {
    it('holds every answer for the fixed latency', async () => {
      sandbox.setLatency({ fixedMs: 60 });
      const started = performance.now();
      expect((await probe()).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    });

    it('spreads answers by the jitter', async () => {
      sandbox.setLatency({ fixedMs: 5, jitterMs: 60 });
      await Promise.all(Array.from({ length: 12 }, () => probe()));
      const durations = sandbox.requestLog().map((entry) => entry.durationMs);
      expect(Math.min(...durations)).toBeGreaterThanOrEqual(4);
      expect(Math.max(...durations) - Math.min(...durations)).toBeGreaterThan(15);
    });

    it('counts the most requests in flight at once, overall and per access key', async () => {
      sandbox.setLatency({ fixedMs: 200 });
      const answers = await Promise.all([
        ...Array.from({ length: 5 }, () => probe()),
        ...Array.from({ length: 3 }, () => probe(SECOND_KEY)),
      ]);
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      expect(sandbox.metrics()).toMatchObject({
        inFlight: 0,
        maxInFlight: 8,
        maxInFlightByKey: { [sandbox.key.accessKey]: 5, [SECOND_KEY.accessKey]: 3 },
      });
    });

    it('sees requests one at a time as one in flight', async () => {
      sandbox.setLatency({ fixedMs: 10 });
      for (let i = 0; i < 4; i += 1) await probe();
      expect(sandbox.metrics()).toMatchObject({ maxInFlight: 1, totalCalls: 4 });
    });

    it('zeroes the counts on reset', async () => {
      await probe();
      expect(sandbox.metrics().totalCalls).toBe(1);
      sandbox.reset();
      expect(sandbox.metrics()).toMatchObject({ totalCalls: 0, maxInFlight: 0, maxInFlightByKey: {}, calls: { isUsernameExists: 0 } });
      expect(sandbox.requestLog()).toEqual([]);
      expect(sandbox.lastRequest('isUsernameExists')).toBeUndefined();
    });
  });
});
