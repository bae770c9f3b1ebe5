import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, runBuiltAppToExit, startBuiltApp } from '../support/built-app';

describe('starting the built app as npm start and npm run start:prod do', () => {
  beforeAll(() => buildApp(), 120_000);

  it('refuses to start in production without its secrets, naming each', async () => {
    const { code, output } = await runBuiltAppToExit([], {});
    expect(code).toBe(78);
    expect(output).toContain('DATABASE_URL is missing');
    expect(output).toContain('APP_SECRET is missing');
    expect(output).toContain('BKSB_ENCRYPTION_KEYS is missing');
    expect(output).toContain('PICSWeb did not start.');
  });

  it('starts the demo with no configuration at all, answers /api/health, and keeps its secrets across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'picsweb-demo-'));
    const first = await startBuiltApp(['--demo'], { DATA_DIR: dataDir });
    try {
      const response = await fetch(`${first.url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
    } finally {
      await first.stop();
    }
    const secrets = readFileSync(join(dataDir, 'demo-secrets.json'), 'utf8');
    const second = await startBuiltApp(['--demo'], { DATA_DIR: dataDir });
    await second.stop();
    expect(readFileSync(join(dataDir, 'demo-secrets.json'), 'utf8')).toBe(secrets);
    expect(first.output()).toContain('PICSWeb (demo) is serving');
  });

  it('logs one JSON line per request in production, without secrets', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'picsweb-prod-'));
    const appSecret = 'production-secret-'.padEnd(48, 'z');
    const app = await startBuiltApp([], {
      DATABASE_URL: `sqlite:${join(dataDir, 'prod.sqlite')}`,
      APP_SECRET: appSecret,
      BKSB_ENCRYPTION_KEYS: `p1:${Buffer.alloc(32, 3).toString('base64')}`,
    });
    try {
      await fetch(`${app.url}/api/health`, { headers: { authorization: 'Bearer abc.def.ghi' } });
    } finally {
      await app.stop();
    }
    const lines = app.output().trim().split('\n');
    const requestLine = lines.map((line) => JSON.parse(line)).find((entry) => entry.context === 'HTTP');
    expect(requestLine.message).toMatchObject({ method: 'GET', path: '/api/health', status: 200 });
    expect(app.output()).not.toContain(appSecret);
    expect(app.output()).not.toContain('abc.def.ghi');
  });
});
