import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateIf,
} from 'class-validator';
import { Type } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { CronTime, validateCronExpression } from 'cron';
import { EncryptionKey, UK_TIME_ZONE } from '@picsweb/common';
import { AppConfig, RunMode } from './app-config';
import { demoEnvironmentDefaults } from './demo-environment';

const DATABASE_URL_SHAPE = /^(sqlite:.+|postgres(ql)?:\/\/.+)$/;
const KEY_RING_SHAPE = /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]+)*$/;
const requiredInProduction = (env: EnvironmentVariables, value: unknown) =>
  env.PICSWEB_MODE === 'production' || value !== undefined;

/** An optional whole number within bounds, with one message for every way it can be wrong. */
const IntegerSetting = (min: number, max: number, message: string) =>
  applyDecorators(IsOptional(), Type(() => Number), IsInt({ message }), Min(min, { message }), Max(max, { message }));

/** The environment variables the app reads, with what each must look like. */
class EnvironmentVariables {
  @IsIn(['demo', 'production'])
  PICSWEB_MODE!: RunMode;

  @ValidateIf((env: EnvironmentVariables) => requiredInProduction(env, env.DATABASE_URL))
  @IsNotEmpty({ message: 'DATABASE_URL is missing: set it to sqlite:<path> or postgres://user:password@host:5432/database.' })
  @Matches(DATABASE_URL_SHAPE, { message: 'DATABASE_URL must start with sqlite: or postgres://.' })
  DATABASE_URL?: string;

  @ValidateIf((env: EnvironmentVariables) => requiredInProduction(env, env.APP_SECRET))
  @IsNotEmpty({ message: 'APP_SECRET is missing: set it to a random string of at least 32 characters (openssl rand -base64 48).' })
  @MinLength(32, { message: 'APP_SECRET is too short: use at least 32 random characters (openssl rand -base64 48).' })
  APP_SECRET?: string;

  @ValidateIf((env: EnvironmentVariables) => requiredInProduction(env, env.BKSB_ENCRYPTION_KEYS))
  @IsNotEmpty({
    message: 'BKSB_ENCRYPTION_KEYS is missing: set it to <keyId>:<base64 of 32 random bytes> (openssl rand -base64 32); the first key is active.',
  })
  @Matches(KEY_RING_SHAPE, {
    message: 'BKSB_ENCRYPTION_KEYS must be a comma-separated list of <keyId>:<base64 of 32 bytes>, the active key first.',
  })
  BKSB_ENCRYPTION_KEYS?: string;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IntegerSetting(0, 65535, 'PORT must be a whole number from 0 to 65535.')
  PORT?: number;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Matches(/^(true|false|\d{1,2}|[\w.:/,\s-]+)$/, { message: 'TRUST_PROXY must be true, false, a number of proxies, or addresses such as "loopback, 10.0.0.0/8".' })
  TRUST_PROXY?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'BKSB_API_URL must be an http or https address, e.g. http://127.0.0.1:4010.' })
  BKSB_API_URL?: string;

  @IsOptional()
  @Matches(/^(\S+\s+){4,5}\S+$/, { message: 'BKSB_SYNC_CRON must be a cron expression of 5 or 6 fields, e.g. "17 * * * *".' })
  BKSB_SYNC_CRON?: string;

  @IsOptional()
  @Matches(/^(off|(\S+\s+){4,5}\S+)$/, { message: 'BKSB_FRESH_CRON must be a cron expression of 5 or 6 fields, e.g. "*/10 * * * *", or off.' })
  BKSB_FRESH_CRON?: string;

  @IntegerSetting(1, 3650, 'RETENTION_DAYS must be a whole number of days from 1 to 3650.')
  RETENTION_DAYS?: number;

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465.' })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'MAIL_FROM must not be empty: set it to an address such as "PICSWeb <no-reply@example.org>".' })
  MAIL_FROM?: string;

  @IntegerSetting(1, 3600, 'MAIL_POLL_SECONDS must be a whole number of seconds from 1 to 3600.')
  MAIL_POLL_SECONDS?: number;

  @IntegerSetting(0, 86400, 'MAIL_RETRY_SECONDS must be a whole number of seconds from 0 to 86400.')
  MAIL_RETRY_SECONDS?: number;

  @IntegerSetting(4, 3600, 'MAIL_CLAIM_SECONDS must be a whole number of seconds from 4 to 3600.')
  MAIL_CLAIM_SECONDS?: number;

  @IntegerSetting(100, 300_000, 'BKSB_REQUEST_TIMEOUT_MS must be a whole number of milliseconds from 100 to 300000.')
  BKSB_REQUEST_TIMEOUT_MS?: number;

  @IntegerSetting(1, 10, 'BKSB_MAX_ATTEMPTS must be a whole number from 1 to 10.')
  BKSB_MAX_ATTEMPTS?: number;

  @IntegerSetting(1, 60_000, 'BKSB_RETRY_BASE_MS must be a whole number of milliseconds from 1 to 60000.')
  BKSB_RETRY_BASE_MS?: number;

  @IntegerSetting(0, 3_600_000, 'BKSB_RETRY_AFTER_CAP_MS must be a whole number of milliseconds from 0 to 3600000.')
  BKSB_RETRY_AFTER_CAP_MS?: number;

  @IntegerSetting(1, 100, 'BKSB_ORG_CONCURRENCY must be a whole number from 1 to 100.')
  BKSB_ORG_CONCURRENCY?: number;

  @IntegerSetting(1, 1000, 'BKSB_ORG_REQUESTS_PER_SECOND must be a whole number from 1 to 1000.')
  BKSB_ORG_REQUESTS_PER_SECOND?: number;

  @IntegerSetting(1, 1000, 'BKSB_GLOBAL_CONCURRENCY must be a whole number from 1 to 1000.')
  BKSB_GLOBAL_CONCURRENCY?: number;

  @IsOptional()
  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json or text.' })
  LOG_FORMAT?: 'json' | 'text';

  @IntegerSetting(60, 86400, 'AUTH_TOKEN_TTL_SECONDS must be a whole number of seconds from 60 to 86400.')
  AUTH_TOKEN_TTL_SECONDS?: number;

  @IntegerSetting(1, 720, 'SESSION_MAX_HOURS must be a whole number of hours from 1 to 720.')
  SESSION_MAX_HOURS?: number;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'API_DOCS must be true or false.' })
  API_DOCS?: 'true' | 'false';

  @IsOptional()
  @Matches(/^[\x21-\x7e]{32,200}$/, { message: 'METRICS_TOKEN must be 32 to 200 characters without spaces, e.g. made with openssl rand -hex 32.' })
  METRICS_TOKEN?: string;

  @IntegerSetting(0, 65535, 'METRICS_PORT must be a whole number from 0 to 65535.')
  METRICS_PORT?: number;

  @IsOptional()
  @IsString()
  METRICS_HOST?: string;

  @IntegerSetting(1000, 3_600_000, 'BKSB_SYNC_LEASE_MS must be a whole number of milliseconds from 1000 to 3600000.')
  BKSB_SYNC_LEASE_MS?: number;

  @IntegerSetting(100, 60_000, 'BKSB_TAKEOVER_CHECK_MS must be a whole number of milliseconds from 100 to 60000.')
  BKSB_TAKEOVER_CHECK_MS?: number;

  @IntegerSetting(1000, 3_600_000, 'BKSB_BULK_LEASE_MS must be a whole number of milliseconds from 1000 to 3600000.')
  BKSB_BULK_LEASE_MS?: number;
}

/**
 * What the cron library would say about a schedule (BKSB_SYNC_CRON, BKSB_FRESH_CRON) when
 * it is registered, said at start-up instead: a value out of range, or a date that never comes.
 */
function cronProblem(variable: string, expression: string, example: string): string | undefined {
  const { valid, error } = validateCronExpression(expression);
  if (!valid) return `${variable} is not a usable cron expression (${error?.message ?? 'unreadable'}), e.g. "${example}".`;
  try {
    new CronTime(expression, UK_TIME_ZONE).sendAt();
  } catch {
    return `${variable} never runs: no date matches it in the next years (e.g. 31 February). Use an expression such as "${example}".`;
  }
  return undefined;
}

/** Express's "trust proxy": which proxies' X-Forwarded-For to believe for the client address. */
function trustProxyOf(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Thrown when the environment is not usable; its message lists every problem. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

function parseKeyRing(value: string): { keys: EncryptionKey[]; problems: string[] } {
  const problems: string[] = [];
  const keys = value.split(',').map((entry) => {
    const [id, encoded] = entry.split(':');
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) {
      problems.push(`BKSB_ENCRYPTION_KEYS: key "${id}" is ${key.length} bytes; each key must be 32 bytes (openssl rand -base64 32).`);
    }
    return { id, key };
  });
  const ids = keys.map((k) => k.id);
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length > 0) problems.push(`BKSB_ENCRYPTION_KEYS: key id "${repeated[0]}" appears twice; give each key its own id.`);
  return { keys, problems };
}

/**
 * Validates the raw environment for a run mode and returns the typed configuration,
 * or throws a ConfigurationError naming each missing or malformed variable.
 * Empty strings count as unset.
 */
export function loadAppConfig(rawEnvironment: Record<string, string | undefined>, mode: RunMode): AppConfig {
  const present = Object.fromEntries(
    Object.entries(rawEnvironment).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const env = plainToInstance(EnvironmentVariables, { ...present, PICSWEB_MODE: mode });
  // One problem a variable: "missing" first, else what is wrong with its value.
  const problems = validateSync(env, { forbidUnknownValues: false }).map((error) => {
    const constraints = error.constraints ?? {};
    return constraints.isNotEmpty ?? Object.values(constraints)[0];
  });
  const ring = problems.some((p) => p.startsWith('BKSB_ENCRYPTION_KEYS')) || !env.BKSB_ENCRYPTION_KEYS
    ? { keys: [], problems: [] }
    : parseKeyRing(env.BKSB_ENCRYPTION_KEYS);
  problems.push(...ring.problems);
  const cron = env.BKSB_SYNC_CRON && !problems.some((p) => p.startsWith('BKSB_SYNC_CRON')) ? cronProblem('BKSB_SYNC_CRON', env.BKSB_SYNC_CRON, '17 * * * *') : undefined;
  if (cron) problems.push(cron);
  const freshCron =
    env.BKSB_FRESH_CRON && env.BKSB_FRESH_CRON !== 'off' && !problems.some((p) => p.startsWith('BKSB_FRESH_CRON'))
      ? cronProblem('BKSB_FRESH_CRON', env.BKSB_FRESH_CRON, '*/10 * * * *')
      : undefined;
  if (freshCron) problems.push(freshCron);
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === (env.PORT ?? 3000)) {
    problems.push('METRICS_PORT must differ from PORT: it is a port of its own for /metrics.');
  }
  if (problems.length > 0) throw new ConfigurationError(problems);

  const dataDir = env.DATA_DIR ?? 'data';
  return Object.assign(new AppConfig(), {
    mode,
    host: env.HOST ?? (mode === 'demo' ? '127.0.0.1' : '0.0.0.0'),
    port: env.PORT ?? 3000,
    dataDir,
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    databaseUrl: env.DATABASE_URL ?? `sqlite:${dataDir}/picsweb.sqlite`,
    appSecret: env.APP_SECRET ?? '',
    encryptionKeys: ring.keys,
    bksbApiUrl: env.BKSB_API_URL ?? null,
    bksbSyncCron: env.BKSB_SYNC_CRON ?? null,
    bksbFreshCron: env.BKSB_FRESH_CRON ?? null,
    retentionDays: env.RETENTION_DAYS ?? 90,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM ?? 'PICSWeb <no-reply@picsweb.invalid>',
    mailPollSeconds: env.MAIL_POLL_SECONDS ?? 5,
    mailRetrySeconds: env.MAIL_RETRY_SECONDS ?? 30,
    mailClaimSeconds: env.MAIL_CLAIM_SECONDS ?? 120,
    logFormat: env.LOG_FORMAT ?? (mode === 'production' ? 'json' : 'text'),
    authTokenTtlSeconds: env.AUTH_TOKEN_TTL_SECONDS ?? 8 * 3600,
    sessionMaxHours: env.SESSION_MAX_HOURS ?? 12,
    apiDocs: env.API_DOCS === undefined ? mode === 'demo' : env.API_DOCS === 'true',
    metricsToken: env.METRICS_TOKEN ?? null,
    metricsPort: env.METRICS_PORT ?? null,
    metricsHost: env.METRICS_HOST ?? '127.0.0.1',
    bksbSync: { leaseMs: env.BKSB_SYNC_LEASE_MS, takeoverCheckMs: env.BKSB_TAKEOVER_CHECK_MS },
    bksbBulkLeaseMs: env.BKSB_BULK_LEASE_MS,
    bksbClient: {
      requestTimeoutMs: env.BKSB_REQUEST_TIMEOUT_MS,
      maxAttempts: env.BKSB_MAX_ATTEMPTS,
      retryBaseDelayMs: env.BKSB_RETRY_BASE_MS,
      retryAfterCapMs: env.BKSB_RETRY_AFTER_CAP_MS,
      perOrganisationConcurrency: env.BKSB_ORG_CONCURRENCY,
      perOrganisationPerSecond: env.BKSB_ORG_REQUESTS_PER_SECOND,
      globalConcurrency: env.BKSB_GLOBAL_CONCURRENCY,
    },
  });
}

/** `--demo` (npm start) runs the demo with its own secrets; without it, production. */
export function configFromProcess(argv: string[], env: Record<string, string | undefined>): AppConfig {
  const mode: RunMode = argv.includes('--demo') ? 'demo' : 'production';
  const defaults = mode === 'demo' ? demoEnvironmentDefaults(env.DATA_DIR || 'data') : {};
  return loadAppConfig({ ...defaults, ...env }, mode);
}
