import { randomBytes } from 'node:crypto';
import { BksbSandbox, startBksbSandbox } from '@picsweb/bksb-sandbox';
import { Mailer, SecretCipher, secretPlaceholder } from '@picsweb/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { runCliCommand } from '../../apps/picsweb/src/cli/cli-commands';
import { MailService } from '../../apps/picsweb/src/mail/mail.service';
import { seedIdentity, TestIdentity } from '../support/identity';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

const ring = (...keys: Array<[string, Buffer]>) => keys.map(([id, key]) => `${id}:${key.toString('base64')}`).join(',');

describe('rotate-secrets', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  let sandbox: BksbSandbox;
  let database: TestDatabase;
  let identity: TestIdentity;
  const start = (keys: string): Promise<TestApp> =>
    startTestApp({ database, env: { BKSB_ENCRYPTION_KEYS: keys, BKSB_API_URL: sandbox.url, APP_SECRET: 'rotation-test-app-secret-0123456789abcdef' } });

  beforeAll(async () => {
    sandbox = await startBksbSandbox();
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await sandbox.close();
    await database.drop();
  });

  it('re-encrypts every secret with the active key, so the old key can leave the ring', async () => {
    const before = await start(ring(['old', oldKey]));
    identity = await seedIdentity(before.app);
    await request(before.app.getHttpServer())
      .put('/api/integrations/bksb/settings')
      .set('authorization', `Bearer ${identity.tokens.admin}`)
      .send({ apiAccessKey: sandbox.key.accessKey, apiSecretKey: sandbox.key.secretKey, defaultPassword: 'Welcome-2026' })
      .expect(200);
    await before.app.get<MailService>(MailService).queue({
      organisationId: identity.organisationId,
      to: 'a@b.c',
      subject: 's',
      text: secretPlaceholder('p'),
      html: secretPlaceholder('p'),
      secrets: { p: 'mail-secret' },
    } satisfies Parameters<Mailer['queue']>[0]);
    await before.close();

    const during = await start(ring(['new', newKey], ['old', oldKey]));
    const lines: string[] = [];
    let raw: Array<Record<string, string>>;
    let mail: Array<Record<string, string>>;
    try {
      await runCliCommand(during.app, ['rotate-secrets'], { readStdin: async () => '', out: (line) => lines.push(line) });
      raw = await during.app.get(DataSource).query('SELECT api_secret_key, default_password FROM bksb_settings');
      mail = await during.app.get(DataSource).query('SELECT secrets FROM mail_messages');
    } finally {
      await during.close();
    }
    expect(lines).toEqual(['mail outbox: 1 re-encrypted', 'bksb settings: 2 re-encrypted', expect.stringContaining('older keys may leave')]);
    for (const value of [raw[0].api_secret_key, raw[0].default_password, mail[0].secrets]) expect(value).toMatch(/^v1:new:/);

    const after = await start(ring(['new', newKey]));
    try {
      const settings = await request(after.app.getHttpServer()).get('/api/integrations/bksb/settings').set('authorization', `Bearer ${identity.tokens.admin}`).expect(200);
      expect(settings.body).toMatchObject({ apiSecretKeySet: true, defaultPasswordSet: true });
      const test = await request(after.app.getHttpServer())
        .post('/api/integrations/bksb/settings/test-connection')
        .set('authorization', `Bearer ${identity.tokens.admin}`)
        .send({})
        .expect(200);
      expect(test.body.ok).toBe(true);
      expect(after.app.get(SecretCipher).decrypt(mail[0].secrets, { table: 'mail_messages', column: 'secrets' })).toContain('mail-secret');
    } finally {
      await after.close();
    }
  });
});
