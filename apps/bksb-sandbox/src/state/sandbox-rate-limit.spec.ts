import { SandboxRateLimit } from './sandbox-rate-limit';

describe('SandboxRateLimit', () => {
  let now: number;
  let limit: SandboxRateLimit;
  beforeEach(() => {
    now = 1000;
    limit = new SandboxRateLimit(
      () => now,
      () => Date.UTC(2026, 9, 2, 12, 0, 0, 400),
    );
  });

  it('lets everything through when no limit is set', () => {
    expect(limit.check('a')).toEqual({ allowed: true });
  });

  it('admits a burst of requestsPerSecond, then answers with a wait until a token refills', () => {
    limit.configure({ requestsPerSecond: 2 });
    expect([limit.check('a').allowed, limit.check('a').allowed, limit.check('a').allowed]).toEqual([true, true, false]);
    expect(limit.check('a')).toMatchObject({ allowed: false, retryAfterSeconds: 1, retryAfterHeader: '1' });
    now += 500;
    expect(limit.check('a').allowed).toBe(true);
    expect(limit.check('a').allowed).toBe(false);
  });

  it('rounds a wait up to whole seconds', () => {
    limit.configure({ requestsPerSecond: 0.25 });
    expect(limit.check('a').allowed).toBe(true);
    expect(limit.check('a')).toMatchObject({ allowed: false, retryAfterSeconds: 4 });
  });

  it('keeps one budget per access key in perKey scope', () => {
    limit.configure({ requestsPerSecond: 1, scope: 'perKey' });
    expect(limit.check('a').allowed).toBe(true);
    expect(limit.check('a').allowed).toBe(false);
    expect(limit.check('b').allowed).toBe(true);
  });

  it('writes Retry-After as an HTTP date when asked, or the fixed number given', () => {
    limit.configure({ requestsPerSecond: 1, retryAfter: 'httpDate' });
    limit.check('a');
    expect(limit.check('a')).toMatchObject({ retryAfterHeader: 'Fri, 02 Oct 2026 12:00:02 GMT' });
    limit.configure({ requestsPerSecond: 1, retryAfterSeconds: 120 });
    limit.check('a');
    expect(limit.check('a')).toMatchObject({ retryAfterHeader: '120' });
  });

  it('refuses a rate of zero', () => {
    expect(() => limit.configure({ requestsPerSecond: 0 })).toThrow(RangeError);
  });
});
