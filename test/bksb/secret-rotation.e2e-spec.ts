import { randomBytes } from 'node:crypto';
import { BksbSandbox, startBksbSandbox } from '@picsweb/bksb-sandbox';
import { Mailer, SecretCipher, secretPlaceholder } from '@picsweb/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { runCliCommand } from '../../apps/picsweb/src/cli/cli-commands';
import { MailService } from '../../apps/picsweb/src/mail/mail.service';
import { BksbSettingsService } from '../../libs/bksb-integration/src/services/bksb-settings.service';
import { legacyEnvelope } from '../support/legacy-secret';
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
  const start = (keys: string, on = database): Promise<TestApp> =>
    startTestApp({ database: on, env: { BKSB_ENCRYPTION_KEYS: keys, BKSB_API_URL: sandbox.url, APP_SECRET: 'rotation-test-app-secret-0123456789abcdef' } });

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
      mail = await during.app.get(DataSource).query('SELECT id, organisation_id, secrets FROM mail_messages');
    } finally {
      await during.close();
    }
    expect(lines).toEqual(['mail outbox: 1 re-encrypted', 'bksb settings: 2 re-encrypted', expect.stringContaining('older keys may leave')]);
    for (const value of [raw[0].api_secret_key, raw[0].default_password, mail[0].secrets]) expect(value).toMatch(/^v2:new:/);

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
      const location = { table: 'mail_messages', column: 'secrets', organisationId: mail[0].organisation_id, row: mail[0].id };
      expect(after.app.get(SecretCipher).decrypt(mail[0].secrets, location)).toContain('mail-secret');
    } finally {
      await after.close();
    }
  });

  it('binds each secret to its organisation: a key copied into another organisation\'s row does not decrypt there', async () => {
    const testApp = await startTestApp({ env: { BKSB_API_URL: sandbox.url } });
    try {
      const identity = await seedIdentity(testApp.app);
      const http = request(testApp.app.getHttpServer());
      const as = (token: string) => ({ authorization: `Bearer ${token}` });
      await http.put(`/api/support/organisations/${identity.otherOrganisationId}/licences/bksb`).set(as(identity.tokens.support)).send({ enabled: true }).expect(200);
      await http.put('/api/integrations/bksb/settings').set(as(identity.tokens.admin)).send({ apiAccessKey: 'ours', apiSecretKey: 'our-secret-key' }).expect(200);
      await http.put('/api/integrations/bksb/settings').set(as(identity.tokens.otherAdmin)).send({ apiAccessKey: 'theirs', apiSecretKey: 'their-secret-key' }).expect(200);
      const database = testApp.app.get(DataSource);
      const [ours] = await database.query(`SELECT api_secret_key FROM bksb_settings WHERE organisation_id = '${identity.organisationId}'`);
      await database.query(`UPDATE bksb_settings SET api_secret_key = '${ours.api_secret_key}' WHERE organisation_id = '${identity.otherOrganisationId}'`);

      const settings = testApp.app.get(BksbSettingsService, { strict: false });
      expect((await settings.runtime(identity.organisationId)).apiSecretKey).toBe('our-secret-key');
      await expect(settings.runtime(identity.otherOrganisationId)).rejects.toThrow(/could not be decrypted: it was altered or belongs elsewhere/);
    } finally {
      await testApp.close();
    }
  });

  it('rewrites the secrets of an older database (v1, not bound to the organisation) at start-up, so they keep working', async () => {
    const keys = ring(['old', oldKey]);
    const ownDatabase = await createTestDatabase();
    const before = await start(keys, ownDatabase);
    const identity = await seedIdentity(before.app);
    try {
      await request(before.app.getHttpServer())
        .put('/api/integrations/bksb/settings')
        .set('authorization', `Bearer ${identity.tokens.admin}`)
        .send({ apiAccessKey: sandbox.key.accessKey, apiSecretKey: 'replaced-below', defaultPassword: 'replaced-below' })
        .expect(200);
      const { id: messageId } = await before.app.get(MailService).queue({
        organisationId: identity.organisationId,
        to: 'a@b.c',
        subject: 's',
        text: secretPlaceholder('p'),
        html: secretPlaceholder('p'),
        secrets: { p: 'replaced-below' },
      });
      // What 0.10 wrote: v1 envelopes bound to table and column only.
      const old = { id: 'old', key: oldKey };
      const database = before.app.get(DataSource);
      await database.query(
        `UPDATE bksb_settings SET api_secret_key = '${legacyEnvelope(sandbox.key.secretKey, old, { table: 'bksb_settings', column: 'api_secret_key' })}',
           default_password = '${legacyEnvelope('Welcome-2026', old, { table: 'bksb_settings', column: 'default_password' })}'`,
      );
      await database.query(`UPDATE mail_messages SET secrets = '${legacyEnvelope('{"p":"mail-secret"}', old, { table: 'mail_messages', column: 'secrets' })}' WHERE id = '${messageId}'`);
    } finally {
      await before.close();
    }

    const after = await start(keys, ownDatabase);
    try {
      const database = after.app.get(DataSource);
      const [settings] = await database.query('SELECT api_secret_key, default_password FROM bksb_settings');
      const [mail] = await database.query('SELECT id, organisation_id, secrets FROM mail_messages');
      for (const value of [settings.api_secret_key, settings.default_password, mail.secrets]) expect(value).toMatch(/^v2:old:/);
      const runtime = await after.app.get(BksbSettingsService, { strict: false }).runtime(identity.organisationId);
      expect(runtime).toMatchObject({ apiSecretKey: sandbox.key.secretKey, defaultPassword: 'Welcome-2026' });
      const location = { table: 'mail_messages', column: 'secrets', organisationId: mail.organisation_id, row: mail.id };
      expect(after.app.get(SecretCipher).decrypt(mail.secrets, location)).toBe('{"p":"mail-secret"}');
      const test = await request(after.app.getHttpServer())
        .post('/api/integrations/bksb/settings/test-connection')
        .set('authorization', `Bearer ${identity.tokens.admin}`)
        .send({})
        .expect(200);
      expect(test.body.ok).toBe(true);
    } finally {
      await after.close();
      await ownDatabase.drop();
    }
  });
});
