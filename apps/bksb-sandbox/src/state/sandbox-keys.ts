import { timingSafeEqual } from 'node:crypto';
import { Permission } from '../sandbox-types';

export interface SandboxKeyPermissions {
  users: boolean;
  results: boolean;
}

/** An API key pair as a bksb administrator would configure it. */
export interface SandboxKey {
  accessKey: string;
  secretKey: string;
  /** Status Enabled; a disabled key is refused like a wrong one. Default true. */
  enabled?: boolean;
  /** Each permission Allow (true) or Deny (false). Default: all allowed. */
  permissions?: Partial<SandboxKeyPermissions>;
}

export interface ResolvedSandboxKey {
  accessKey: string;
  secretKey: string;
  enabled: boolean;
  permissions: SandboxKeyPermissions;
}

/** One pair with every permission, the shape bksb's keys have (8 and 24 hex characters). */
export const DEFAULT_SANDBOX_KEYS: readonly SandboxKey[] = [
  { accessKey: '5a1e2b3c', secretKey: '9f3c1d7a5e2b8c4f6a0d1e3b', permissions: { users: true, results: true } },
];

export type AuthOutcome =
  | { kind: 'allowed'; key: ResolvedSandboxKey }
  | { kind: 'unauthenticated'; message: string }
  | { kind: 'forbidden'; message: string };

export const UNAUTHENTICATED_MESSAGE = 'Authorization has been denied for this request.';

export function resolveKey(key: SandboxKey): ResolvedSandboxKey {
  return {
    accessKey: key.accessKey,
    secretKey: key.secretKey,
    enabled: key.enabled ?? true,
    permissions: { users: key.permissions?.users ?? true, results: key.permissions?.results ?? true },
  };
}

interface BasicCredentials {
  accessKey: string;
  secretKey: string;
}

export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { accessKey: decoded.slice(0, colon), secretKey: decoded.slice(colon + 1) };
}

/** The access key a request claims to use, whether or not it turns out valid. */
export function claimedAccessKey(header: string | undefined): string | undefined {
  return parseBasicAuthorization(header)?.accessKey;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The configured API keys and the check every /api/ request passes. */
export class SandboxKeyRing {
  private readonly keys = new Map<string, ResolvedSandboxKey>();

  constructor(keys: readonly SandboxKey[]) {
    this.replace(keys);
  }

  replace(keys: readonly SandboxKey[]): void {
    this.keys.clear();
    for (const key of keys) this.upsert(key);
  }

  upsert(key: SandboxKey): ResolvedSandboxKey {
    const resolved = resolveKey(key);
    this.keys.set(resolved.accessKey, resolved);
    return resolved;
  }

  remove(accessKey: string): boolean {
    return this.keys.delete(accessKey);
  }

  list(): ResolvedSandboxKey[] {
    return [...this.keys.values()].map((key) => ({ ...key, permissions: { ...key.permissions } }));
  }

  authorise(header: string | undefined, permission: Permission): AuthOutcome {
    const credentials = parseBasicAuthorization(header);
    const key = credentials && this.keys.get(credentials.accessKey);
    if (!credentials || !key || !sameSecret(credentials.secretKey, key.secretKey)) {
      return { kind: 'unauthenticated', message: UNAUTHENTICATED_MESSAGE };
    }
    if (!key.enabled) return { kind: 'unauthenticated', message: 'The API access key is disabled.' };
    if (!key.permissions[permission]) {
      return { kind: 'forbidden', message: `The API access key does not have permission to access ${permission}.` };
    }
    return { kind: 'allowed', key };
  }
}
