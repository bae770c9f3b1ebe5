import { secretPlaceholder } from '@picsweb/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MailMessage } from '../../apps/picsweb/src/mail/mail-message.entity';
import { MailService, MASK } from '../../apps/picsweb/src/mail/mail.service';
import { seedIdentity, TestIdentity } from '../support/identity';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

const PASSWORD = 'Sunny<Day>&42';

describe('the mail outbox, delivered over real SMTP', () => {
  let smtp: SmtpSink;
  let testApp: TestApp;
  let identity: TestIdentity;
  let mail: MailService;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    testApp = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_RETRY_SECONDS: '0', MAIL_POLL_SECONDS: '3600', MAIL_FROM: 'PICS <no-reply@pics.test>' } });
    identity = await seedIdentity(testApp.app);
    mail = testApp.app.get(MailService);
  });

  afterAll(async () => {
    await testApp.close();
    await smtp.close();
  });

  const queueLogin = () =>
    mail.queue({
      organisationId: identity.organisationId,
      to: 'ann.lee@example.org',
      subject: 'Your bksb login',
      text: `User name: ann.lee@example.org\nPassword: ${secretPlaceholder('password')}`,
      html: `<p>Password: <b>${secretPlaceholder('password')}</b></p>`,
      secrets: { password: PASSWORD },
    });

  it('stores the secret encrypted, shows it masked, and delivers the real text on a retry after a refusal', async () => {
    smtp.refuseNext(1);
    const { id } = await queueLogin();
    const row = await testApp.app.get(DataSource).getRepository(MailMessage).findOneByOrFail({ id });
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(row.secrets).toMatch(/^v2:test1:/);

    // Two passes (queueing also starts one of its own, at some point): the first attempt
    // is refused (451), the retry (MAIL_RETRY_SECONDS=0) delivers.
    await mail.deliverDue();
    await mail.deliverDue();
    expect(smtp.received).toHaveLength(1);
    const raw = smtp.received[0];
    expect(raw).toContain(`Password: ${PASSWORD}`);
    expect(raw).toContain('Sunny&lt;Day&gt;&amp;42');
    expect(raw).toMatch(/^From: PICS <no-reply@pics.test>/m);

    const sent = await testApp.app.get(DataSource).getRepository(MailMessage).findOneByOrFail({ id });
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, secrets: null });

    const outbox = await request(testApp.app.getHttpServer()).get('/api/mail-outbox').set('authorization', `Bearer ${identity.tokens.admin}`).expect(200);
    expect(outbox.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(outbox.body.items[0]).toMatchObject({ id, to: 'ann.lee@example.org', status: 'sent', text: `User name: ann.lee@example.org\nPassword: ${MASK}` });
    expect(JSON.stringify(outbox.body)).not.toContain('Sunny');
    expect(testApp.logger.text).not.toContain('Sunny');
  });

  it('gives up after repeated refusals and marks the message failed', async () => {
    smtp.refuseNext(100);
    const { id } = await queueLogin();
    for (let i = 0; i < 6; i += 1) await mail.deliverDue();
    const row = await testApp.app.get(DataSource).getRepository(MailMessage).findOneByOrFail({ id });
    expect(row).toMatchObject({ status: 'failed', attempts: 5 });
    smtp.refuseNext(0);
  });

  it("shows no other organisation's mail", async () => {
    const outbox = await request(testApp.app.getHttpServer()).get('/api/mail-outbox').set('authorization', `Bearer ${identity.tokens.otherAdmin}`).expect(200);
    expect(outbox.body.total).toBe(0);
  });
});
