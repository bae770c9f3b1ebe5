import { Injectable } from '@nestjs/common';
import { Clock, TooManyRequestsException } from '@picsweb/common';

export const LOGIN_LIMITS = {
  failuresPerEmail: 5,
  failuresPerAddress: 20,
  windowMs: 15 * 60 * 1000,
} as const;

const MAX_TRACKED_KEYS = 50_000;

/**
 * Counts failed sign-ins per email and per client address in a sliding window, and
 * refuses further attempts before any password is hashed (scrypt is slow on purpose).
 * The per-address limit stops one client from walking through many emails.
 * Counts are per app instance.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Throws 429 (with Retry-After) when either key is over its limit. */
  check(email: string, address: string): void {
    const now = this.clock.now().getTime();
    const waits = [
      this.waitFor(`email:${email}`, LOGIN_LIMITS.failuresPerEmail, now),
      this.waitFor(`address:${address}`, LOGIN_LIMITS.failuresPerAddress, now),
    ];
    const wait = Math.max(...waits);
    if (wait <= 0) return;
    const seconds = Math.ceil(wait / 1000);
    throw new TooManyRequestsException(`Too many failed sign-in attempts. Wait ${seconds} seconds, then try again.`, seconds);
  }

  recordFailure(email: string, address: string): void {
    const now = this.clock.now().getTime();
    if (this.failures.size > MAX_TRACKED_KEYS) this.forgetExpired(now);
    for (const key of [`email:${email}`, `address:${address}`]) {
      this.failures.set(key, [...this.recent(key, now), now]);
    }
  }

  recordSuccess(email: string): void {
    this.failures.delete(`email:${email}`);
  }

  private waitFor(key: string, limit: number, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < limit) return 0;
    return recent[recent.length - limit] + LOGIN_LIMITS.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > now - LOGIN_LIMITS.windowMs);
  }

  private forgetExpired(now: number): void {
    for (const key of this.failures.keys()) {
      if (this.recent(key, now).length === 0) this.failures.delete(key);
    }
  }
}
