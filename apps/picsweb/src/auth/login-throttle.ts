import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TooManyRequestsException } from '@picsweb/common';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';

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

/** Entries the embedded database's in-memory throttle keeps at most; the least recently used go first. */
export const MAX_TRACKED_KEYS = 50_000;

interface StoredCount {
  points: number;
  /** Epoch milliseconds; null never expires. */
  expire: number | null;
}

/**
 * rate-limiter-flexible's store contract over an LRU of a fixed size: the counts of the
 * embedded database's single process, bounded whatever is sent. Each change is one
 * synchronous step, so a consumption is atomic as in the PostgreSQL store.
 */
/** The base class of the package's stores, which it documents for stores of one's own and types, but exports only as their prototype. */
const StoreAbstract = Object.getPrototypeOf(RateLimiterPostgres) as typeof RateLimiterStoreAbstract;

class RateLimiterLru extends StoreAbstract {
  constructor(
    private readonly counts: LRUCache<string, StoredCount>,
    options: { keyPrefix: string; points: number; duration: number },
  ) {
    super({ ...options, storeClient: counts });
  }

  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<StoredCount> {
    const now = Date.now();
    const found = this.live(key, now);
    const count = found && !forceExpire ? { points: found.points + points, expire: found.expire } : { points, expire: msDuration > 0 ? now + msDuration : null };
    this.counts.set(key, count);
    return Promise.resolve(count);
  }

  _get(key: string): Promise<StoredCount | null> {
    return Promise.resolve(this.live(key, Date.now()) ?? null);
  }

  _delete(key: string): Promise<boolean> {
    return Promise.resolve(this.counts.delete(key));
  }

  _getRateLimiterRes(_key: string, changedPoints: number, count: StoredCount): RateLimiterRes {
    const msBeforeNext = count.expire === null ? -1 : Math.max(count.expire - Date.now(), 0);
    return new RateLimiterRes(Math.max(this.points - count.points, 0), msBeforeNext, count.points, changedPoints === count.points);
  }

  private live(key: string, now: number): StoredCount | undefined {
    const found = this.counts.get(key);
    return found && (found.expire === null || found.expire > now) ? found : undefined;
  }
}

/** Emails and addresses are kept as hashes: a fixed size whatever was typed, and no email at rest. */
const hashOf = (text: string) => createHash('sha256').update(text).digest('base64url');

const seconds = (ms: number) => ms / 1000;

/**
 * The one sign-in throttle of the API and the pages, checked before any password is
 * hashed (scrypt is slow on purpose). Three rules, so that brute force is slowed while
 * a stranger cannot lock a person out:
 * - one email from one address: 5 failures in 15 minutes, then refused until the
 *   window ends (only the guessing client is stopped);
 * - one email from any addresses: from the 10th failure in 15 minutes, each attempt
 *   waits after the last failure 1 s, doubling with each further failure, at most
 *   60 s; not from an address that signed in as that email in the last 30 days;
 * - one address, any emails: 20 failures in 15 minutes, then refused, except for
 *   emails that signed in from that address in the last 30 days.
 * An attempt counts as a failure from its start (each count is taken atomically in the
 * store) and is given back when it succeeds, so no concurrency checks more passwords
 * than the limits. On PostgreSQL the counts are in the database, shared by every
 * instance; the embedded database's single process keeps them in a bounded LRU.
 */
@Injectable()
export class LoginThrottle {
  private readonly perClient: RateLimiterStoreAbstract;
  private readonly perAddress: RateLimiterStoreAbstract;
  private readonly emailFailures: RateLimiterStoreAbstract;
  /** One attempt at a time for an email in its delays, and closed for the delay after each failure. */
  private readonly emailTurn: RateLimiterStoreAbstract;
  /** `email address` pairs that signed in, for 30 days. */
  private readonly knownAddresses: RateLimiterStoreAbstract;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const window = seconds(LOGIN_LIMITS.windowMs);
    const counts = new LRUCache<string, StoredCount>({ max: MAX_TRACKED_KEYS });
    const limiter = (keyPrefix: string, points: number, duration: number, clearsExpired = false) =>
      dataSource.options.type === 'postgres'
        ? new RateLimiterPostgres({
            keyPrefix,
            points,
            duration,
            storeClient: dataSource,
            storeType: 'typeorm',
            tableName: 'login_throttle',
            tableCreated: true,
            // The limiters share the table: one of them deletes its expired rows every few minutes.
            clearExpiredByTimeout: clearsExpired,
          })
        : new RateLimiterLru(counts, { keyPrefix, points, duration });
    this.perClient = limiter('login-client', LOGIN_LIMITS.failuresPerClient, window, true);
    this.perAddress = limiter('login-address', LOGIN_LIMITS.failuresPerAddress, window);
    this.emailFailures = limiter('login-email', LOGIN_LIMITS.failuresBeforeDelays, window);
    this.emailTurn = limiter('login-email-turn', 1, seconds(LOGIN_LIMITS.maxDelayMs));
    this.knownAddresses = limiter('login-known', 1, seconds(LOGIN_LIMITS.knownForMs));
  }

  /**
   * Runs `verify` (the password check) unless a rule refuses this email from this
   * address now (429 with Retry-After), and returns what it found: null is a failure.
   */
  async attempt<T>(email: string, address: string, verify: () => Promise<T | null>): Promise<T | null> {
    const keys = { client: hashOf(`${email} ${address}`), email: hashOf(email), address: hashOf(address) };
    const known = (await this.knownAddresses.get(keys.client)) !== null;
    const taken: Array<[RateLimiterStoreAbstract, string]> = [];
    /** Counts this attempt; only a limit that applies refuses it. */
    const take = async (limiter: RateLimiterStoreAbstract, key: string, enforced: boolean): Promise<RateLimiterRes> => {
      taken.push([limiter, key]);
      return enforced ? limiter.consume(key) : limiter.penalty(key);
    };
    let failures: RateLimiterRes;
    try {
      await take(this.perAddress, keys.address, !known);
      await take(this.perClient, keys.client, true);
      failures = await take(this.emailFailures, keys.email, false);
      if (!known && failures.consumedPoints > LOGIN_LIMITS.failuresBeforeDelays) await take(this.emailTurn, keys.email, true);
    } catch (refusal) {
      await this.giveBack(taken);
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const wait = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw new TooManyRequestsException(`Too many failed sign-in attempts. Wait ${wait} seconds, then try again.`, wait);
    }
    let found: T | null;
    try {
      found = await verify();
    } catch (error) {
      await this.giveBack(taken);
      throw error;
    }
    if (found === null) {
      const beyond = failures.consumedPoints - LOGIN_LIMITS.failuresBeforeDelays;
      if (beyond >= 0) await this.emailTurn.block(keys.email, seconds(Math.min(LOGIN_LIMITS.firstDelayMs * 2 ** beyond, LOGIN_LIMITS.maxDelayMs)));
      return null;
    }
    await this.giveBack(taken.filter(([limiter]) => limiter !== this.perClient));
    await this.perClient.delete(keys.client);
    await this.knownAddresses.set(keys.client, 1, seconds(LOGIN_LIMITS.knownForMs));
    return found;
  }

  /** An attempt that was refused, succeeded or could not be checked is no failure. */
  private async giveBack(taken: Array<[RateLimiterStoreAbstract, string]>): Promise<void> {
    for (const [limiter, key] of taken) await limiter.reward(key);
  }
}
