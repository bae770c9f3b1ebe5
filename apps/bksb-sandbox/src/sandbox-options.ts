import { SandboxKey } from './state/sandbox-keys';
import { LatencySpec } from './state/sandbox-latency';
import { SandboxQuirks } from './state/sandbox-quirks';
import { RateLimitSpec } from './state/sandbox-rate-limit';

export interface BksbSandboxOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default DEFAULT_SANDBOX_KEYS: one pair with every permission. */
  keys?: readonly SandboxKey[];
  /** Seeds the generators, fault rates and latency jitter (default 2026). */
  seed?: number;
  /** Generated users, each with a realistic result history, made at start (default 0). */
  users?: number;
  /** Generated user groups made at start (default 8). */
  userGroups?: number;
  /** The first user id given out (default 48213). */
  firstUserId?: number;
  latency?: LatencySpec;
  rateLimit?: RateLimitSpec;
  quirks?: Partial<SandboxQuirks>;
  /** "Now" for generated dates (default the system clock). */
  clock?: () => Date;
}

export const DEFAULT_SEED = 2026;
export const DEFAULT_FIRST_USER_ID = 48213;
export const FIRST_SESSION_ID = 912345;
export const FIRST_USER_GROUP_ID = 301;
export const DEFAULT_USER_GROUPS = 8;
