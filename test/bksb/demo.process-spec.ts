import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, startBuiltApp } from '../support/built-app';

describe('the demo (npm start) with the bksb integration', () => {
  beforeAll(() => buildApp(), 180_000);

  it('starts the bundled sandbox and shows Northfield an enabled, working integration', async () => {
    const app = await startBuiltApp(['--demo'], { DATA_DIR: mkdtempSync(join(tmpdir(), 'picsweb-demo-bksb-')) });
    try {
      expect(app.output()).toMatch(/The bundled bksb sandbox is serving on http:\/\/127\.0\.0\.1:\d+/);
      const login = await fetch(`${app.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@northfield.test', password: 'demo-password' }),
      });
      const headers = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
      const summary = (await (await fetch(`${app.url}/api/integrations/bksb/summary`, { headers })).json()) as {
        integrationEnabled: boolean;
        learnerTags: { english: Array<{ name: string }> };
      };
      expect(summary.integrationEnabled).toBe(true);
      expect(summary.learnerTags.english.map((t) => t.name)).toEqual(['FS English Assessed']);
      const connection = await fetch(`${app.url}/api/integrations/bksb/settings/test-connection`, { method: 'POST', headers });
      expect(((await connection.json()) as { ok: boolean }).ok).toBe(true);
      const unmatched = (await (await fetch(`${app.url}/api/integrations/bksb/unmatched`, { headers })).json()) as {
        items: Array<{ firstName: string; suggestedUsername: string | null }>;
      };
      expect(unmatched.items.find((p) => p.firstName === 'Amira')?.suggestedUsername).toBe('amira.khan@northfield-learners.test');
    } finally {
      await app.stop();
    }
  });
});
