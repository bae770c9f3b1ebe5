import { RequestLimits } from './request-limiter';

export const BKSB_CLIENT_OPTIONS = Symbol('BksbClientOptions');

export interface BksbClientOptions extends RequestLimits {
  /** Replaces the region hosts (tests, staging); deployment configuration only. */
  apiUrlOverride: string | null;
  /** The overall deadline of one attempt, body included (axios's own timeout is only an idle timer). */
  requestTimeoutMs: number;
  /** Attempts of a read before giving up (1 = no retry). */
  maxAttempts: number;
  /** First backoff delay; doubles each attempt, with jitter. */
  retryBaseDelayMs: number;
  /** The longest Retry-After honoured; a longer one fails the call at once as rate-limited. */
  retryAfterCapMs: number;
  /** Page size when reading results. */
  recordsPerPage: number;
}

export const DEFAULT_BKSB_CLIENT_OPTIONS: BksbClientOptions = {
  apiUrlOverride: null,
  requestTimeoutMs: 20_000,
  maxAttempts: 4,
  retryBaseDelayMs: 500,
  retryAfterCapMs: 60_000,
  recordsPerPage: 20,
  perOrganisationConcurrency: 4,
  perOrganisationPerSecond: 10,
  globalConcurrency: 32,
};

export const REGION_HOSTS = {
  UK: 'https://live2api.bksblive2.co.uk/',
  AU: 'https://live2api.bksblive2.com.au/',
} as const;
