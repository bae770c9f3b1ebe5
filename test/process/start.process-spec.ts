import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, BUILT_MAIN, buildApp, runToExit, startBuiltApp } from '../support/built-app';

describe('starting the built app as npm start and npm run start:prod do', () => {
  beforeAll(() => buildApp(), 120_000);

  it('refuses to start in production without its secrets, naming each', async () => {
    const { code, output } = await runToExit(BUILT_MAIN, [], {});
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
      const login = await fetch(`${first.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'support@pics.test', password: 'demo-password' }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const listed = await fetch(`${first.url}/api/support/organisations`, { headers: { authorization: `Bearer ${accessToken}` } });
      const organisations = (await listed.json()) as Array<{ name: string; licences: object }>;
      expect(organisations.map((o) => [o.name, o.licences])).toEqual([
        ['Northfield College', { bksb: true }],
        ['Southbank Training', { bksb: false }],
      ]);
      const adminLogin = await fetch(`${first.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@northfield.test', password: 'demo-password' }),
      });
      const admin = { authorization: `Bearer ${((await adminLogin.json()) as { accessToken: string }).accessToken}` };
      const learners = (await (await fetch(`${first.url}/api/learners`, { headers: admin })).json()) as { total: number };
      const tags = (await (await fetch(`${first.url}/api/tags`, { headers: admin })).json()) as Array<{ name: string }>;
      expect(learners.total).toBeGreaterThanOrEqual(6);
      expect(tags.map((t) => t.name).sort()).toEqual(['FS English Assessed', 'FS ICT Assessed', 'FS Maths Assessed']);
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

  it('answers a missing file under /assets with 404 and logs no error (anyone could fill the error log)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'picsweb-prod-'));
    const app = await startBuiltApp([], {
      DATABASE_URL: `sqlite:${join(dataDir, 'prod.sqlite')}`,
      APP_SECRET: 'production-secret-'.padEnd(48, 'z'),
      BKSB_ENCRYPTION_KEYS: `p1:${Buffer.alloc(32, 3).toString('base64')}`,
    });
    const statuses: number[] = [];
    try {
      for (const path of ['/assets/nope.css', '/assets/pico/x.css', '/assets/app.js/']) statuses.push((await fetch(`${app.url}${path}`)).status);
      statuses.push((await fetch(`${app.url}/assets/app.css`)).status);
    } finally {
      await app.stop();
    }
    expect(statuses).toEqual([404, 404, 404, 200]);
    const levels = app.output().trim().split('\n').map((line) => JSON.parse(line).level);
    expect(levels).not.toContain('error');
    expect(app.output()).not.toContain('nope.css');
  });

  it('makes the first organisation and users from the command line, who can then sign in to production', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'picsweb-cli-'));
    const env = {
      DATABASE_URL: `sqlite:${join(dataDir, 'prod.sqlite')}`,
      APP_SECRET: 'cli-test-secret-'.padEnd(48, 'q'),
      BKSB_ENCRYPTION_KEYS: `p1:${Buffer.alloc(32, 5).toString('base64')}`,
    };
    const organisation = await runToExit(BUILT_CLI, ['create-organisation', 'Westfield', 'Academy'], env);
    expect(organisation.code).toBe(0);
    const organisationId = organisation.output.trim();
    expect(organisationId).toMatch(/^[0-9a-f-]{36}$/);

    const refused = await runToExit(BUILT_CLI, ['create-user', 'boss@westfield.test', '--role', 'admin'], env, 'a-long-password\n');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('The admin role belongs to an organisation: give --organisation <id>.');

    const user = await runToExit(BUILT_CLI, ['create-user', 'Boss@Westfield.test', '--role', 'admin', '--organisation', organisationId], env, 'a-long-password\n');
    expect(user.code).toBe(0);
    expect(user.output).toContain('boss@westfield.test admin');
    expect(user.output).not.toContain('a-long-password');

    const listed = await runToExit(BUILT_CLI, ['list-organisations'], env);
    expect(listed.output).toContain(`${organisationId}\tWestfield Academy\t-`);
    const usage = await runToExit(BUILT_CLI, ['frobnicate'], env);
    expect(usage.code).toBe(64);
    expect(usage.output).toContain('Unknown command "frobnicate".');

    const app = await startBuiltApp([], env);
    try {
      const response = await fetch(`${app.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'boss@westfield.test', password: 'a-long-password' }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { user: object }).user).toMatchObject({ role: 'admin', organisationId });
    } finally {
      await app.stop();
    }
  });
});
