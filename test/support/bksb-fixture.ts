import { BksbSandbox, startBksbSandbox } from '@picsweb/bksb-sandbox';
import { randomBytes } from 'node:crypto';
import { httpAs, seedIdentity, TestIdentity, TokenName } from './identity';
import { SmtpSink, startSmtpSink } from './smtp-sink';
import { TestDatabase } from './test-database';
import { startTestApp, TestApp } from './test-app';

export const DEFAULT_PASSWORD = 'Welcome-Home-2026';
export const LOGIN_URL = 'https://northfield.bksblive2.co.uk/';


export interface BksbFixture {
  sandbox: BksbSandbox;
  testApp: TestApp;
  identity: TestIdentity;
  smtp: SmtpSink | null;
  as(token: TokenName): ReturnType<typeof httpAs>;
  /** Another app instance on the same database and configuration (tokens and secrets work on both). */
  anotherInstance(): Promise<TestApp>;
  /** Creates a learner or applicant over HTTP and returns its id. */
  person(type: 'learners' | 'applicants', fields: object, token?: TokenName): Promise<string>;
  close(): Promise<void>;
}

/**
 * The host app with the bksb integration switched on for the first organisation,
 * talking to a sandbox over loopback; optionally a local SMTP server for its mail.
 */
export async function startBksbFixture(options: { smtp?: boolean; env?: Record<string, string>; database?: TestDatabase } = {}): Promise<BksbFixture> {
  const sandbox = await startBksbSandbox();
  const smtp = options.smtp ? await startSmtpSink() : null;
  const env = {
      APP_SECRET: randomBytes(48).toString('base64'),
      BKSB_ENCRYPTION_KEYS: `test1:${randomBytes(32).toString('base64')}`,
      BKSB_API_URL: sandbox.url,
      BKSB_REQUEST_TIMEOUT_MS: '500',
      BKSB_MAX_ATTEMPTS: '3',
      BKSB_RETRY_BASE_MS: '1',
      BKSB_ORG_REQUESTS_PER_SECOND: '1000',
      // The fast lanes' ticks (every 2 and 10 minutes) would start runs in the middle of tests; tests call them.
      BKSB_FRESH_CRON: 'off',
      ...(smtp ? { SMTP_URL: smtp.url, MAIL_POLL_SECONDS: '3600', MAIL_RETRY_SECONDS: '0' } : {}),
      ...options.env,
  };
  const testApp = await startTestApp({ database: options.database, env });
  const identity = await seedIdentity(testApp.app);
  const as = (token: TokenName) => httpAs(testApp.app, identity, token);
  await as('admin')
    .put('/api/integrations/bksb/settings', {
      integrationEnabled: true,
      apiAccessKey: sandbox.key.accessKey,
      apiSecretKey: sandbox.key.secretKey,
      defaultPassword: DEFAULT_PASSWORD,
      bksbLoginUrl: LOGIN_URL,
    })
    .expect(200);
  return {
    sandbox,
    testApp,
    identity,
    smtp,
    as,
    anotherInstance: () => startTestApp({ database: testApp.database, env }),
    person: async (type, fields, token = 'staff') => (await as(token).post(`/api/${type}`, fields).expect(201)).body.id as string,
    close: async () => {
      await testApp.close();
      await sandbox.close();
      await smtp?.close();
    },
  };
}
