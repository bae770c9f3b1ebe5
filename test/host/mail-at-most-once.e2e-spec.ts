import { MailOutcome, secretPlaceholder } from '@picsweb/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MailMessage } from '../../apps/picsweb/src/mail/mail-message.entity';
import { MailService } from '../../apps/picsweb/src/mail/mail.service';
import { eventually } from '../support/eventually';
import { seedIdentity, TestIdentity } from '../support/identity';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { onPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Each email reaches the mail server at most once: a refusal is tried again, an email
 * handed over is never tried again, and one whose outcome was lost is unclear. The claim
 * is 8 seconds here (MAIL_CLAIM_SECONDS), so handing over may take 4.
 */
describe('mail delivered at most once', () => {
  let smtp: SmtpSink;
  let testApp: TestApp;
  let identity: TestIdentity;
  let mail: MailService;
  const outcomes: MailOutcome[] = [];
  let refuseToRecord: MailOutcome['state'] | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    env = {
      SMTP_URL: smtp.url,
      MAIL_RETRY_SECONDS: '0',
      MAIL_POLL_SECONDS: '3600',
      MAIL_CLAIM_SECONDS: '8',
      MAIL_FROM: 'PICS <no-reply@pics.test>',
      APP_SECRET: randomBytes(48).toString('base64'),
      BKSB_ENCRYPTION_KEYS: `test1:${randomBytes(32).toString('base64')}`,
    };
    testApp = await startTestApp({ env });
    identity = await seedIdentity(testApp.app);
    mail = testApp.app.get(MailService);
    mail.registerOutcomeListener('test', {
      recordOutcome: async (outcome) => {
        if (outcome.state === refuseToRecord) throw new Error('the database went away');
        outcomes.push(outcome);
      },
    });
  });

  afterAll(async () => {
    await testApp.close();
    await smtp.close();
  });

  afterEach(() => {
    refuseToRecord = null;
    smtp.refuseNext(0);
  });

  const queue = (to: string) =>
    mail.queue({
      organisationId: identity.organisationId,
      to,
      subject: 'Your login',
      text: `Password: ${secretPlaceholder('password')}`,
      html: `<p>Password: ${secretPlaceholder('password')}</p>`,
      secrets: { password: 'Sunny-42' },
      outcomeListener: 'test',
    });
  const rows = () => testApp.app.get(DataSource).getRepository(MailMessage);
  const row = (id: string) => rows().findOneByOrFail({ id });
  const arrivedAt = (to: string) => smtp.received.filter((message) => message.includes(`To: ${to}`));
  const outcomesOf = (id: string) => outcomes.filter((outcome) => outcome.mailId === id).map((outcome) => outcome.state);

  it('after a refusal (451) is accepted on the next try: one message, with the Message-ID made when it was queued, and told sent once', async () => {
    smtp.refuseNext(1);
    const { id } = await queue('refused.once@example.org');
    expect((await row(id)).messageId).toBe(`<${id}@pics.test>`);
    await mail.deliverDue();
    await mail.deliverDue();

    expect(arrivedAt('refused.once@example.org')).toHaveLength(1);
    const refused = smtp.refused.filter((message) => message.includes('To: refused.once@example.org'));
    expect(refused).toHaveLength(1);
    for (const message of [...refused, ...arrivedAt('refused.once@example.org')]) expect(message).toContain(`Message-ID: <${id}@pics.test>`);
    const sent = await row(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, claimedUntil: null });
    expect(outcomes.filter((outcome) => outcome.mailId === id)).toEqual([expect.objectContaining({ state: 'sent', at: sent.sentAt, reason: null })]);
  });

  it('when recording the acceptance fails, is left unclear and never sent again', async () => {
    refuseToRecord = 'sent';
    const { id } = await queue('not.recorded@example.org');
    await mail.deliverDue();
    await mail.deliverDue();
    await mail.deliverDue();

    expect(arrivedAt('not.recorded@example.org')).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'unclear', sentAt: null, lastError: expect.stringContaining('The mail server accepted this email, but PICSWeb could not record that') });
    expect(outcomesOf(id)).toEqual(['unclear']);
    expect(testApp.logger.text).not.toContain('Sunny-42');
  });

  it('handed over by an instance that then stopped: unclear once its claim lapses, and not sent again', async () => {
    smtp.refuseNext(1);
    const { id } = await queue('instance.stopped@example.org');
    await mail.deliverDue();
    // As the instance left it when it stopped while the mail server had the email.
    await rows().update({ id }, { status: 'sending', claimedUntil: new Date(Date.now() - 1000), claimToken: 'gone' });
    await mail.deliverDue();
    await mail.deliverDue();

    expect(arrivedAt('instance.stopped@example.org')).toHaveLength(0);
    expect(await row(id)).toMatchObject({ status: 'unclear', lastError: expect.stringContaining('may have accepted this email') });
    expect(outcomesOf(id)).toEqual(['unclear']);
    const outbox = await request(testApp.app.getHttpServer()).get('/api/mail-outbox?pageSize=200').set('authorization', `Bearer ${identity.tokens.admin}`).expect(200);
    expect(outbox.body.items.find((item: { id: string }) => item.id === id)).toMatchObject({ status: 'unclear', sentAt: null });
  });

  it('when the mail server stops answering after taking the email, is unclear and not tried again', async () => {
    const held = smtp.holdNext();
    const { id } = await queue('no.answer@example.org');
    await held.arrived;
    await mail.deliverDue();
    expect(await row(id)).toMatchObject({ status: 'unclear', lastError: expect.stringContaining('The mail server did not answer within 4 s.') });
    held.release();
    await eventually('the late message to arrive', () => arrivedAt('no.answer@example.org').length === 1);
    await mail.deliverDue();
    expect(arrivedAt('no.answer@example.org')).toHaveLength(1);
    expect(outcomesOf(id)).toEqual(['unclear']);
  });

  (onPostgres ? it : it.skip)('two instances on one database with a slow mail server send one message; the claim is renewed meanwhile', async () => {
    const other = await startTestApp({ database: testApp.database, env });
    try {
      const otherMail = other.app.get(MailService);
      const held = smtp.holdNext();
      const { id } = await queue('slow.server@example.org');
      await held.arrived;
      const claimed = (await row(id)).claimedUntil!;
      await otherMail.deliverDue();
      await eventually('the claim to be renewed', async () => (await row(id)).claimedUntil! > claimed);
      // Even when the claim looks lapsed (its renewals stalled), the other instance never sends what was handed over.
      await rows().update({ id }, { claimedUntil: new Date(Date.now() - 1000) });
      await otherMail.deliverDue();
      held.release();
      await mail.deliverDue();
      await otherMail.deliverDue();

      expect(arrivedAt('slow.server@example.org')).toHaveLength(1);
      expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      await other.close();
    }
  });
});
