import { DeliveryValuesProvider, secretPlaceholder } from '@picsweb/common';
import { DataSource } from 'typeorm';
import { MailMessage } from '../../apps/picsweb/src/mail/mail-message.entity';
import { MailService } from '../../apps/picsweb/src/mail/mail.service';
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
    testApp = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_RETRY_SECONDS: '0', MAIL_POLL_SECONDS: '3600' } });
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
      valuesAtDelivery: { provider, reference: '48213' },
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

  it('keeps the email pending, with the reason, while the provider cannot answer or is missing', async () => {
    answer = async () => {
      throw new Error('bksb could not be reached');
    };
    const failing = await queue('later@example.org');
    const orphan = await queue('orphan@example.org', 'nobody');
    await mail.deliverDue();
    expect(await row(failing.id)).toMatchObject({ status: 'pending', lastError: 'bksb could not be reached' });
    expect(await row(orphan.id)).toMatchObject({ status: 'pending', lastError: 'Nothing provides the values of "nobody" for this email.' });
    expect(smtp.received.some((message) => message.includes('later@example.org') || message.includes('orphan@example.org'))).toBe(false);

    answer = async () => ({ link: 'https://bksb.example/later' });
    await mail.deliverDue();
    expect(await row(failing.id)).toMatchObject({ status: 'sent' });
  });
});
