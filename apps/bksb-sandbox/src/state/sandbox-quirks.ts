/** Behaviours of bksb that are not known for sure; clients must cope with each choice. */
export interface SandboxQuirks {
  /** The status of getUserId's "A user with username 'U' not found." answer. Default 404. */
  getUserIdNotFoundStatus: 200 | 400 | 404;
  /** That answer as plain text (default) or as a JSON string in quotes. */
  getUserIdNotFoundBody: 'text' | 'jsonString';
  /** The status of createUser's plain-text refusals (duplicate, missing field). Default 400. */
  createUserRefusalStatus: 200 | 400;
  /** getAutoLoginLink's answer: a JSON string URL (default), or `{Link, Expiry}` with Expiry in UK local time. */
  autoLoginLinkBody: 'string' | 'object';
}

export const DEFAULT_QUIRKS: Readonly<SandboxQuirks> = {
  getUserIdNotFoundStatus: 404,
  getUserIdNotFoundBody: 'text',
  createUserRefusalStatus: 400,
  autoLoginLinkBody: 'string',
};

export function resolveQuirks(base: SandboxQuirks, changes: Partial<SandboxQuirks>): SandboxQuirks {
  const next = { ...base, ...changes };
  if (![200, 400, 404].includes(next.getUserIdNotFoundStatus)) {
    throw new RangeError('getUserIdNotFoundStatus must be 200, 400 or 404.');
  }
  if (next.getUserIdNotFoundBody !== 'text' && next.getUserIdNotFoundBody !== 'jsonString') {
    throw new RangeError("getUserIdNotFoundBody must be 'text' or 'jsonString'.");
  }
  if (![200, 400].includes(next.createUserRefusalStatus)) {
    throw new RangeError('createUserRefusalStatus must be 200 or 400.');
  }
  if (next.autoLoginLinkBody !== 'string' && next.autoLoginLinkBody !== 'object') {
    throw new RangeError("autoLoginLinkBody must be 'string' or 'object'.");
  }
  return next;
}
