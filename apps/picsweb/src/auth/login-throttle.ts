import { Injectable } from '@nestjs/common';
import { Clock, TooManyRequestsException } from '@picsweb/common';

export const LOGIN_LIMITS = {
  /** Failures of one email from one address before that pair is refused for the window. */
  failuresPerClient: 5,
  /** Failures from one address, any emails, before it is refused for emails not known there. */
  failuresPerAddress: 20,
  /** Failures of one email from any addresses before its growing delays begin. */
  failuresBeforeDelays: 10,
  firstDelayMs: 1000,
  maxDelayMs: 60_000,
  windowMs: 15 * 60 * 1000,
  /** How long an address that signed in as an email stays known for it. */
  knownForMs: 30 * 24 * 3600 * 1000,
} as const;

const MAX_TRACKED_KEYS = 50_000;

/**
 * The one sign-in throttle of the API and the pages, checked before any password is
 * hashed (scrypt is slow on purpose). Three rules, so that brute force is slowed while
 * a stranger cannot lock a person out:
 * - one email from one address: 5 failures in 15 minutes, then refused until they age
 *   out (only the guessing client is stopped);
 * - one email from any addresses: from the 10th failure in 15 minutes, each attempt
 *   waits after the last failure 1 s, doubling with each further failure, at most
 *   60 s; not from an address that signed in as that email in the last 30 days;
 * - one address, any emails: 20 failures in 15 minutes, then refused, except for
 *   emails that signed in from that address in the last 30 days.
 * Counts and known addresses are kept in each app instance's memory.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  /** `email address` -> when that email last signed in from that address. */
  private readonly knownAddresses = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** Throws 429 (with Retry-After) when a rule refuses this email from this address now. */
  check(email: string, address: string): void {
    const now = this.clock.now().getTime();
    const known = this.isKnown(email, address, now);
    const wait = Math.max(
      this.windowWait(pairKey(email, address), LOGIN_LIMITS.failuresPerClient, now),
      known ? 0 : this.windowWait(addressKey(address), LOGIN_LIMITS.failuresPerAddress, now),
      known ? 0 : this.growingDelay(emailKey(email), now),
    );
    if (wait <= 0) return;
    const seconds = Math.ceil(wait / 1000);
    throw new TooManyRequestsException(`Too many failed sign-in attempts. Wait ${seconds} seconds, then try again.`, seconds);
  }

  recordFailure(email: string, address: string): void {
    const now = this.clock.now().getTime();
    if (this.failures.size > MAX_TRACKED_KEYS) this.forgetExpired(now);
    for (const key of [pairKey(email, address), emailKey(email), addressKey(address)]) {
      this.failures.set(key, [...this.recent(key, now), now]);
    }
  }

  recordSuccess(email: string, address: string): void {
    const key = pairKey(email, address);
    this.failures.delete(key);
    // Re-inserted, so the map's order is oldest sign-in first and the oldest goes first.
    this.knownAddresses.delete(key);
    this.knownAddresses.set(key, this.clock.now().getTime());
    if (this.knownAddresses.size > MAX_TRACKED_KEYS) this.knownAddresses.delete(this.knownAddresses.keys().next().value!);
  }

  private isKnown(email: string, address: string, now: number): boolean {
    const since = this.knownAddresses.get(pairKey(email, address));
    return since !== undefined && since > now - LOGIN_LIMITS.knownForMs;
  }

  /** How long until fewer than `limit` failures are left in the window. */
  private windowWait(key: string, limit: number, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < limit) return 0;
    return recent[recent.length - limit] + LOGIN_LIMITS.windowMs - now;
  }

  private growingDelay(key: string, now: number): number {
    const recent = this.recent(key, now);
    const beyond = recent.length - LOGIN_LIMITS.failuresBeforeDelays;
    if (beyond < 0) return 0;
    const delay = Math.min(LOGIN_LIMITS.firstDelayMs * 2 ** beyond, LOGIN_LIMITS.maxDelayMs);
    return recent[recent.length - 1] + delay - now;
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

const pairKey = (email: string, address: string) => `pair:${email} ${address}`;
const emailKey = (email: string) => `email:${email}`;
const addressKey = (address: string) => `address:${address}`;
