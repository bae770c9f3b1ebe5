import { DeliveryValuesProvider, secretPlaceholder } from '@picsweb/common';
import { DataSource } from 'typeorm';
import { MailMessage } from '../../apps/picsweb/src/mail/mail-message.entity';
import { MailService, VALUES_TRIES } from '../../apps/picsweb/src/mail/mail.service';
import { seedIdentity, TestIdentity } from '../support/identity';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

/** The host's side of values fetched at delivery (a plugin's time-limited link), without any plugin. */
describe('mail values fetched at delivery', () => {
  let smtp: SmtpSink;
  let testApp: TestApp;
  let identity: TestIdentity;
  let mail: MailService;
  const asked: Array<[string, string]> = [];
  let answer: () => Promise<Record<string, string>>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    testApp = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_RETRY_SECONDS: '0', MAIL_POLL_SECONDS: '3600', MAIL_CLAIM_SECONDS: '4' } });
    identity = await seedIdentity(testApp.app);
    mail = testApp.app.get(MailService);
    const provider: DeliveryValuesProvider = {
      valuesFor: (organisationId, reference) => {
        asked.push([organisationId, reference]);
        return answer();
      },
    };
    mail.registerDeliveryValues('test-links', provider);
  });

  afterAll(async () => {
    await testApp.close();
    await smtp.close();
  });

  const queue = (to: string, provider = 'test-links') =>
    mail.queue({
      organisationId: identity.organisationId,
      to,
      subject: 'Your link',
      text: `Go to ${secretPlaceholder('link')}`,
      html: `<a href="${secretPlaceholder('link')}">go</a>`,
      valuesAtDelivery: { provider, reference: '48213', without: { text: 'Sign in with your password.', html: '<p>Sign in with your password.</p>' } },
    });
  const row = (id: string) => testApp.app.get(DataSource).getRepository(MailMessage).findOneByOrFail({ id });

  it('asks the provider when it delivers, fills the text and HTML, and stores only who to ask', async () => {
    answer = async () => ({ link: 'https://bksb.example/a?b=1&c=2' });
    const { id } = await queue('link@example.org');
    await mail.deliverDue();
    expect(asked).toContainEqual([identity.organisationId, '48213']);
    const raw = smtp.received.find((message) => message.includes('link@example.org'))!;
    expect(raw).toContain('Go to https://bksb.example/a?b=1&c=2');
    expect(raw).toContain('href="https://bksb.example/a?b=1&amp;c=2"');
    const stored = await row(id);
    expect(stored).toMatchObject({ status: 'sent', deliveryProvider: 'test-links', deliveryReference: '48213' });
    expect(JSON.stringify(stored)).not.toContain('bksb.example');
  });

  it('waits for the values through its first tries, with the reason, then goes without them and the outbox says so', async () => {
    answer = async () => {
      throw new Error('bksb could not be reached');
    };
    const failing = await queue('later@example.org');
    const orphan = await queue('orphan@example.org', 'nobody');
    // Queueing starts a try of its own, so this is the first or second: both wait.
    await mail.deliverDue();
    expect(await row(failing.id)).toMatchObject({ status: 'pending', lastError: 'bksb could not be reached' });
    expect(await row(orphan.id)).toMatchObject({ status: 'pending', lastError: 'Nothing provides the values of "nobody" for this email.' });
    expect(smtp.received.some((message) => message.includes('later@example.org') || message.includes('orphan@example.org'))).toBe(false);

    for (let pass = 0; pass < VALUES_TRIES && (await row(failing.id)).status === 'pending'; pass += 1) await mail.deliverDue();
    for (const to of ['later@example.org', 'orphan@example.org']) {
      const raw = smtp.received.filter((message) => message.includes(to));
      expect(raw).toHaveLength(1);
      expect(raw[0]).toContain('Sign in with your password.');
      expect(raw[0]).not.toContain('secret:');
    }
    expect(await row(failing.id)).toMatchObject({ status: 'sent', withoutValues: true, attempts: VALUES_TRIES });
    const outbox = await mail.list(identity.organisationId, { page: 1, pageSize: 50 });
    expect(outbox.items.find((item) => item.id === failing.id)).toMatchObject({ status: 'sent', withoutValues: true });
  });

  it('counts a provider that does not answer in time as a try', async () => {
    answer = () => new Promise<never>(() => undefined);
    const { id } = await queue('hanging@example.org');
    await mail.deliverDue();
    expect(await row(id)).toMatchObject({ status: 'pending', lastError: 'They did not come within 1 s.' });
  });
});
