export type BksbErrorKind = 'credentials' | 'permissions' | 'not-found' | 'rate-limited' | 'unavailable' | 'bad-response' | 'rejected';

/**
 * A failed call to bksb, classified once, with a message a person can act on. It
 * never carries the request, its headers or the keys.
 */
export class BksbError extends Error {
  constructor(
    readonly kind: BksbErrorKind,
    message: string,
    /** The HTTP status bksb answered, when it answered. */
    readonly status: number | null = null,
    /** For rate-limited: how long bksb asked us to wait. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'BksbError';
  }

  /** Worth trying again later: the call may succeed without anyone changing anything. */
  get transient(): boolean {
    return this.kind === 'unavailable' || this.kind === 'rate-limited';
  }
}

const KEY_HELP = 'bksb Admin Options > API Access Keys > Configure Access Key';

export const bksbErrors = {
  credentials: (status: number) =>
    new BksbError('credentials', `bksb refused the API keys. Check the API Access Key and API Secret Key in Settings, and that the key's Status is Enabled (${KEY_HELP}).`, status),
  permissions: (status: number) =>
    new BksbError('permissions', `The bksb API key is missing a permission. Set every Permission of the key to Allow (${KEY_HELP}).`, status),
  notFound: (status: number | null, detail: string) => new BksbError('not-found', `bksb has no such record: ${detail}`, status),
  rateLimited: (retryAfterMs: number) =>
    new BksbError('rate-limited', `bksb asked us to slow down; it can be tried again in ${Math.ceil(retryAfterMs / 1000)} seconds.`, 429, retryAfterMs),
  unavailable: (detail: string, status: number | null = null) =>
    new BksbError('unavailable', `bksb could not be reached or did not answer (${detail}). It is tried again automatically; if it persists, check bksb's status.`, status),
  badResponse: (detail: string, status: number | null) =>
    new BksbError('bad-response', `bksb sent an answer PICSWeb could not read (${detail}). If it persists, tell PICS support.`, status),
  rejected: (status: number, detail: string) => new BksbError('rejected', `bksb refused the request: ${detail}`, status),
};
