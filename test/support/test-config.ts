import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../apps/picsweb/src/config/app-config';
import { loadAppConfig } from '../../apps/picsweb/src/config/environment';

/** A valid production-mode configuration with fresh secrets, for in-process tests. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadAppConfig(
    {
      DATABASE_URL: databaseUrl,
      APP_SECRET: randomBytes(48).toString('base64'),
      BKSB_ENCRYPTION_KEYS: `test1:${randomBytes(32).toString('base64')}`,
      LOG_FORMAT: 'text',
      ...overrides,
    },
    'production',
  );
}
