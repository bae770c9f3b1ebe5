import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface DemoSecrets {
  appSecret: string;
  encryptionKeys: string;
}

/**
 * The demo's own secrets, made once and kept in `<dataDir>/demo-secrets.json`, so a
 * restart can still read what it encrypted and verify the tokens it signed.
 * Returns environment defaults; variables set by the operator win over them.
 */
export function demoEnvironmentDefaults(dataDir: string): Record<string, string> {
  // The demo's database and secrets live here: for the app's user only (see keepPrivate).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'demo-secrets.json');
  if (!existsSync(file)) {
    const secrets: DemoSecrets = {
      appSecret: randomBytes(48).toString('base64'),
      encryptionKeys: `demo1:${randomBytes(32).toString('base64')}`,
    };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  }
  const secrets = JSON.parse(readFileSync(file, 'utf8')) as DemoSecrets;
  return {
    DATABASE_URL: `sqlite:${join(dataDir, 'picsweb.sqlite')}`,
    APP_SECRET: secrets.appSecret,
    BKSB_ENCRYPTION_KEYS: secrets.encryptionKeys,
  };
}
