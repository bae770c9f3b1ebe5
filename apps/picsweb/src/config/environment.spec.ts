import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, configFromProcess, loadAppConfig } from './environment';

const KEY = Buffer.alloc(32, 7).toString('base64');
const validProduction = {
  DATABASE_URL: 'postgres://app@db:5432/picsweb',
  APP_SECRET: 'x'.repeat(40),
  BKSB_ENCRYPTION_KEYS: `k2:${KEY},k1:${Buffer.alloc(32, 1).toString('base64')}`,
};

function problemsOf(env: Record<string, string | undefined>, mode: 'demo' | 'production' = 'production'): string[] {
  try {
    loadAppConfig(env, mode);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadAppConfig', () => {
  it('names each missing secret in production', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^DATABASE_URL is missing/);
    expect(problems[1]).toMatch(/^APP_SECRET is missing/);
    expect(problems[2]).toMatch(/^BKSB_ENCRYPTION_KEYS is missing/);
  });

  it('treats blank values as missing', () => {
    expect(problemsOf({ ...validProduction, APP_SECRET: '  ' })).toEqual([expect.stringMatching(/^APP_SECRET is missing/)]);
  });

  it.each([
    ['DATABASE_URL', 'mysql://db/x', /^DATABASE_URL must start with sqlite: or postgres/],
    ['APP_SECRET', 'short', /^APP_SECRET is too short/],
    ['BKSB_ENCRYPTION_KEYS', 'not a ring', /^BKSB_ENCRYPTION_KEYS must be a comma-separated list/],
    ['BKSB_ENCRYPTION_KEYS', `k1:${Buffer.alloc(16).toString('base64')}`, /key "k1" is 16 bytes/],
    ['BKSB_ENCRYPTION_KEYS', `k1:${KEY},k1:${KEY}`, /key id "k1" appears twice/],
    ['PORT', 'eighty', /^PORT must be a whole number/],
    ['PORT', '70000', /^PORT must be a whole number/],
    ['BKSB_API_URL', 'ftp://x', /^BKSB_API_URL must be an http or https address/],
    ['BKSB_SYNC_CRON', 'hourly', /^BKSB_SYNC_CRON must be a cron expression/],
    ['BKSB_SYNC_CRON', '61 * * * *', /^BKSB_SYNC_CRON is not a usable cron expression \(Field value \(61\) is out of range\)/],
    ['BKSB_SYNC_CRON', '*/0 * * * *', /^BKSB_SYNC_CRON is not a usable cron expression \(Field \(minute\) has a step of zero\)/],
    ['BKSB_SYNC_CRON', '0 3 31 2 *', /^BKSB_SYNC_CRON never runs: no date matches it/],
    ['BKSB_FRESH_CRON', 'often', /^BKSB_FRESH_CRON must be a cron expression of 5 or 6 fields, e.g. "\*\/10 \* \* \* \*", or off/],
    ['BKSB_FRESH_CRON', '*/10 25 * * *', /^BKSB_FRESH_CRON is not a usable cron expression/],
    ['API_DOCS', 'yes', /^API_DOCS must be true or false/],
    ['RETENTION_DAYS', '0', /^RETENTION_DAYS must be a whole number of days/],
    ['SMTP_URL', 'mail.example.org', /^SMTP_URL must look like smtp:/],
    ['LOG_FORMAT', 'xml', /^LOG_FORMAT must be json or text/],
    ['METRICS_TOKEN', 'short-token', /^METRICS_TOKEN must be 32 to 200 characters without spaces/],
    ['METRICS_TOKEN', `${'a'.repeat(20)} ${'b'.repeat(20)}`, /^METRICS_TOKEN must be 32 to 200 characters without spaces/],
    ['METRICS_PORT', '-1', /^METRICS_PORT must be a whole number from 0 to 65535/],
    ['METRICS_PORT', '3000', /^METRICS_PORT must differ from PORT/],
    ['BKSB_SYNC_LEASE_MS', '500', /^BKSB_SYNC_LEASE_MS must be a whole number of milliseconds from 1000/],
    ['BKSB_TAKEOVER_CHECK_MS', '120000', /^BKSB_TAKEOVER_CHECK_MS must be a whole number of milliseconds from 100 to 60000/],
    ['BKSB_BULK_LEASE_MS', '999', /^BKSB_BULK_LEASE_MS must be a whole number of milliseconds from 1000/],
  ])('names %s when it is %p', (name, value, expected) => {
    const problems = problemsOf({ ...validProduction, [name]: value });
    expect(problems).toEqual([expect.stringMatching(expected)]);
  });

  it('reports every problem at once, and the error message lists them', () => {
    expect(() => loadAppConfig({ PORT: 'x', RETENTION_DAYS: '-1' }, 'production')).toThrow(
      /DATABASE_URL is missing[\s\S]*APP_SECRET is missing[\s\S]*BKSB_ENCRYPTION_KEYS is missing[\s\S]*PORT[\s\S]*RETENTION_DAYS/,
    );
  });

  it('returns typed values with production defaults', () => {
    const config = loadAppConfig({ ...validProduction, PORT: '8080', RETENTION_DAYS: '30' }, 'production');
    expect(config).toMatchObject({
      mode: 'production',
      port: 8080,
      host: '0.0.0.0',
      retentionDays: 30,
      logFormat: 'json',
      bksbApiUrl: null,
      databaseUrl: validProduction.DATABASE_URL,
    });
    expect(config.encryptionKeys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(config.encryptionKeys[0].key.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it('reads TRUST_PROXY as a flag, a number of proxies or addresses', () => {
    expect(loadAppConfig(validProduction, 'production').trustProxy).toBe(false);
    expect(loadAppConfig({ ...validProduction, TRUST_PROXY: '1' }, 'production').trustProxy).toBe(1);
    expect(loadAppConfig({ ...validProduction, TRUST_PROXY: 'loopback, 10.0.0.0/8' }, 'production').trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(problemsOf({ ...validProduction, TRUST_PROXY: '<script>' })).toEqual([expect.stringMatching(/^TRUST_PROXY must be/)]);
  });

  it('takes the fast lane\'s schedule, or off, and leaves it to its default when unset', () => {
    expect(loadAppConfig(validProduction, 'production').bksbFreshCron).toBeNull();
    expect(loadAppConfig({ ...validProduction, BKSB_FRESH_CRON: '*/5 * * * *' }, 'production').bksbFreshCron).toBe('*/5 * * * *');
    expect(loadAppConfig({ ...validProduction, BKSB_FRESH_CRON: 'off' }, 'production').bksbFreshCron).toBe('off');
  });

  it('accepts a cron expression the scheduler can run, with 5 or 6 fields', () => {
    expect(loadAppConfig({ ...validProduction, BKSB_SYNC_CRON: '17 */2 * * 1-5' }, 'production').bksbSyncCron).toBe('17 */2 * * 1-5');
    expect(loadAppConfig({ ...validProduction, BKSB_SYNC_CRON: '0 17 * * * *' }, 'production').bksbSyncCron).toBe('0 17 * * * *');
  });

  it('serves the API docs in the demo, and in production only when API_DOCS=true', () => {
    expect(loadAppConfig({}, 'demo').apiDocs).toBe(true);
    expect(loadAppConfig({ API_DOCS: 'false' }, 'demo').apiDocs).toBe(false);
    expect(loadAppConfig(validProduction, 'production').apiDocs).toBe(false);
    expect(loadAppConfig({ ...validProduction, API_DOCS: 'true' }, 'production').apiDocs).toBe(true);
  });

  it('serves /metrics only when asked: a token for the app\'s port, or a port of its own on loopback', () => {
    expect(loadAppConfig(validProduction, 'production')).toMatchObject({ metricsToken: null, metricsPort: null, metricsHost: '127.0.0.1' });
    const token = 'f'.repeat(64);
    expect(loadAppConfig({ ...validProduction, METRICS_TOKEN: token, METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }, 'production')).toMatchObject({
      metricsToken: token,
      metricsPort: 9464,
      metricsHost: '10.0.0.5',
    });
    expect(problemsOf({ ...validProduction, METRICS_TOKEN: 'secret-but-short' }).join(' ')).not.toContain('secret-but-short');
  });

  it('leaves the sync\'s lease and takeover check to the plugin\'s defaults unless set', () => {
    expect(loadAppConfig(validProduction, 'production').bksbSync).toEqual({ leaseMs: undefined, takeoverCheckMs: undefined });
    expect(loadAppConfig({ ...validProduction, BKSB_SYNC_LEASE_MS: '2000', BKSB_TAKEOVER_CHECK_MS: '500' }, 'production').bksbSync).toEqual({ leaseMs: 2000, takeoverCheckMs: 500 });
  });

  it('needs no secret at all in demo mode', () => {
    expect(problemsOf({}, 'demo')).toEqual([]);
  });

  it('never puts a secret value in its messages', () => {
    const secret = 'tooShortButSecret';
    expect(problemsOf({ ...validProduction, APP_SECRET: secret }).join(' ')).not.toContain(secret);
  });
});

describe('configFromProcess', () => {
  it('makes demo secrets once under the data folder and keeps them across restarts', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'picsweb-demo-'));
    const first = configFromProcess(['node', 'main.js', '--demo'], { DATA_DIR: dataDir });
    const second = configFromProcess(['node', 'main.js', '--demo'], { DATA_DIR: dataDir });
    expect(first.mode).toBe('demo');
    expect(first.databaseUrl).toBe(`sqlite:${join(dataDir, 'picsweb.sqlite')}`);
    expect(first.appSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.appSecret).toBe(first.appSecret);
    expect(second.encryptionKeys[0].key.equals(first.encryptionKeys[0].key)).toBe(true);
    expect(readFileSync(join(dataDir, 'demo-secrets.json'), 'utf8')).toContain(first.appSecret);
  });

  it('lets an operator override demo defaults', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'picsweb-demo-'));
    const config = configFromProcess(['--demo'], { DATA_DIR: dataDir, DATABASE_URL: 'sqlite::memory:' });
    expect(config.databaseUrl).toBe('sqlite::memory:');
  });

  it('is production without --demo, and then demands the secrets', () => {
    expect(() => configFromProcess(['node', 'main.js'], {})).toThrow(ConfigurationError);
  });
});
