/**
 * The base class of rate-limiter-flexible's stores: its package documents extending it
 * for a store of one's own, and types it, but exports it only from its own file.
 */
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract' {
  import { RateLimiterStoreAbstract } from 'rate-limiter-flexible';
  export = RateLimiterStoreAbstract;
}
