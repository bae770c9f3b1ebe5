export interface RateLimitSpec {
  /** Requests admitted per second; short bursts up to this many. */
  requestsPerSecond: number;
  /** One budget for every caller (`overall`, the default) or one per access key (`perKey`). */
  scope?: 'overall' | 'perKey';
  /** Retry-After as a number of seconds (default) or as an HTTP date. */
  retryAfter?: 'seconds' | 'httpDate';
  /** Announce this wait instead of the computed one (e.g. a long one to test a client's cap). */
  retryAfterSeconds?: number;
}

export interface ResolvedRateLimit {
  requestsPerSecond: number;
  scope: 'overall' | 'perKey';
  retryAfter: 'seconds' | 'httpDate';
  retryAfterSeconds: number | null;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; retryAfterHeader: string };

interface Bucket {
  tokens: number;
  refilledAtMs: number;
}

/**
 * A token bucket per scope: it holds up to `requestsPerSecond` tokens and refills at
 * that rate, so a burst of that size passes and the rest wait for refills.
 */
export class SandboxRateLimit {
  private limit: ResolvedRateLimit | null = null;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly monotonicMs: () => number = () => performance.now(),
    private readonly wallClockMs: () => number = () => Date.now(),
  ) {}

  configure(spec: RateLimitSpec | null): ResolvedRateLimit | null {
    this.buckets.clear();
    if (spec === null) {
      this.limit = null;
      return null;
    }
    if (!(spec.requestsPerSecond > 0) || !Number.isFinite(spec.requestsPerSecond)) {
      throw new RangeError('requestsPerSecond must be a number above 0.');
    }
    if (spec.retryAfterSeconds !== undefined && !(Number.isInteger(spec.retryAfterSeconds) && spec.retryAfterSeconds >= 0)) {
      throw new RangeError('retryAfterSeconds must be a whole number of 0 or more.');
    }
    this.limit = {
      requestsPerSecond: spec.requestsPerSecond,
      scope: spec.scope ?? 'overall',
      retryAfter: spec.retryAfter ?? 'seconds',
      retryAfterSeconds: spec.retryAfterSeconds ?? null,
    };
    return { ...this.limit };
  }

  current(): ResolvedRateLimit | null {
    return this.limit && { ...this.limit };
  }

  /** Takes a token for this caller, or says how long to wait. */
  check(accessKey: string | undefined): RateDecision {
    const limit = this.limit;
    if (!limit) return { allowed: true };
    const bucketName = limit.scope === 'perKey' ? `key:${accessKey ?? ''}` : 'overall';
    const capacity = Math.max(1, limit.requestsPerSecond);
    const now = this.monotonicMs();
    const bucket = this.buckets.get(bucketName) ?? { tokens: capacity, refilledAtMs: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.refilledAtMs) / 1000) * limit.requestsPerSecond);
    bucket.refilledAtMs = now;
    this.buckets.set(bucketName, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const retryAfterSeconds =
      limit.retryAfterSeconds ?? Math.max(1, Math.ceil((1 - bucket.tokens) / limit.requestsPerSecond));
    const retryAfterHeader =
      limit.retryAfter === 'httpDate'
        ? new Date(Math.ceil(this.wallClockMs() / 1000) * 1000 + retryAfterSeconds * 1000).toUTCString()
        : String(retryAfterSeconds);
    return { allowed: false, retryAfterSeconds, retryAfterHeader };
  }
}
