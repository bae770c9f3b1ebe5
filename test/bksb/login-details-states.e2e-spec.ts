import { randomUUID } from 'node:crypto';
import { MailService } from '../../apps/picsweb/src/mail/mail.service';
import { BksbLoginDetailsOutcomeService } from '../../libs/bksb-integration/src/services/bksb-login-details-outcome.service';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';
import { onPostgres } from '../support/test-database';

const B = '/api/integrations/bksb';

/** Login details in true states: queued is not sent, sent is when the mail server accepted it, and one whose outcome was lost is unclear. */
describe(`login details states (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;
  let mail: MailService;

  beforeAll(async () => {
    f = await startBksbFixture({ smtp: true });
    mail = f.testApp.app.get(MailService);
  });

  afterAll(() => f.close());

  afterEach(() => {
    jest.restoreAllMocks();
    f.smtp!.refuseNext(0);
  });

  const newPerson = async () => {
    const email = `ann.${randomUUID().slice(0, 8)}@example.org`;
    return { id: await f.person('learners', { firstName: 'Ann', lastName: 'Lee', email }), email };
  };
  const account = async (id: string) => (await f.as('staff').get(`${B}/learners/${id}`).expect(200)).body.account;
  const arrived = (email: string) => f.smtp!.received.filter((message) => message.includes(`To: ${email}`));

  it('says queued while the mail server refuses (451), then sent when it accepted, with exactly one message', async () => {
    const ann = await newPerson();
    f.smtp!.refuseNext(1);
    const created = await f.as('staff').post(`${B}/learners/${ann.id}/account`, {}).expect(201);
    expect(created.body).toMatchObject({ loginDetailsQueued: true });

    // Queueing starts a delivery of its own; refused or not yet tried, the email is queued.
    const queued = await account(ann.id);
    expect(queued.loginDetails).toEqual({ state: 'queued', queuedAt: expect.any(String), sentAt: null, failure: null, withoutAutoLoginLink: false });
    expect(queued.loginDetailsSentAt).toBeNull();
    expect(arrived(ann.email)).toHaveLength(0);

    await mail.deliverDue();
    await mail.deliverDue();
    const sent = await account(ann.id);
    const [outboxed] = (await f.as('admin').get('/api/mail-outbox?pageSize=200').expect(200)).body.items.filter((m: { to: string }) => m.to === ann.email);
    expect(sent.loginDetails).toEqual({ state: 'sent', queuedAt: queued.loginDetails.queuedAt, sentAt: outboxed.sentAt, failure: null, withoutAutoLoginLink: false });
    expect(sent.loginDetailsSentAt).toBe(outboxed.sentAt);
    expect(arrived(ann.email)).toHaveLength(1);
    expect(f.smtp!.refused.filter((message) => message.includes(`To: ${ann.email}`))).toHaveLength(1);

    const chased = (await f.as('staff').get(`${B}/chase-list?pageSize=200`).expect(200)).body.items.find((item: { id: string }) => item.id === ann.id);
    expect(chased).toMatchObject({ loginDetailsSentAt: outboxed.sentAt, loginDetails: { state: 'sent' } });
  });

  it('says failed, with the reason, once the mail server refused every try; sending again queues a new email', async () => {
    const bo = await newPerson();
    f.smtp!.refuseNext(100);
    await f.as('staff').post(`${B}/learners/${bo.id}/account`, {}).expect(201);
    for (let i = 0; i < 6; i += 1) await mail.deliverDue();
    expect((await account(bo.id)).loginDetails).toMatchObject({ state: 'failed', sentAt: null, failure: 'Message failed: 451 Try again later' });
    const logged = (await f.as('admin').get('/api/system-logs?source=bksb').expect(200)).body.items;
    expect(logged.some((line: { message: string }) => line.message.includes(`The login details email of the bksb account ${bo.email}`) && line.message.includes('failed'))).toBe(true);

    f.smtp!.refuseNext(0);
    expect((await f.as('staff').post(`${B}/learners/${bo.id}/invite`).expect(200)).body).toEqual({ queued: true, to: bo.email });
    await mail.deliverDue();
    expect((await account(bo.id)).loginDetails).toMatchObject({ state: 'sent', failure: null });
    expect(arrived(bo.email)).toHaveLength(1);
  });

  it('says unclear when recording the acceptance failed, and sends nothing more', async () => {
    const cy = await newPerson();
    const outcomes = f.testApp.app.get(BksbLoginDetailsOutcomeService);
    const record = outcomes.recordOutcome.bind(outcomes);
    jest.spyOn(outcomes, 'recordOutcome').mockImplementation(async (outcome, transaction) => {
      if (outcome.state === 'sent') throw new Error('the database went away');
      return record(outcome, transaction);
    });
    await f.as('staff').post(`${B}/learners/${cy.id}/account`, {}).expect(201);
    await mail.deliverDue();
    await mail.deliverDue();
    await mail.deliverDue();

    expect(arrived(cy.email)).toHaveLength(1);
    const unclear = (await account(cy.id)).loginDetails;
    expect(unclear).toMatchObject({ state: 'unclear', sentAt: null, failure: expect.stringContaining('could not record that') });
    const [outboxed] = (await f.as('admin').get('/api/mail-outbox?pageSize=200').expect(200)).body.items.filter((m: { to: string }) => m.to === cy.email);
    expect(outboxed).toMatchObject({ status: 'unclear' });
  });

  it('POST /chase-list/invite queues login details for each person chosen once, and says why others were skipped', async () => {
    const dee = await newPerson();
    const noAccount = await newPerson();
    await f.as('admin').put(`${B}/settings`, { autoSendLoginDetails: false }).expect(200);
    try {
      await f.as('staff').post(`${B}/learners/${dee.id}/account`, {}).expect(201);
      expect((await account(dee.id)).loginDetails.state).toBe('none');
      const people = [
        { personType: 'learner', id: dee.id },
        { personType: 'learner', id: dee.id },
        { personType: 'learner', id: noAccount.id },
      ];
      const { body } = await f.as('staff').post(`${B}/chase-list/invite`, { people }).expect(202);
      expect(body).toEqual({ queued: 1, skipped: [{ personType: 'learner', id: noAccount.id, reason: 'Ann Lee has no bksb account yet. Create one first.' }] });
      expect((await account(dee.id)).loginDetails.state).toMatch(/queued|sent/);
      await mail.deliverDue();
      expect(arrived(dee.email)).toHaveLength(1);

      const tooMany = Array.from({ length: 2001 }, () => ({ personType: 'learner', id: dee.id }));
      await f.as('staff').post(`${B}/chase-list/invite`, { people: tooMany }).expect(400);
      await f.as('staff').post(`${B}/chase-list/invite`, { people: [] }).expect(400);
    } finally {
      await f.as('admin').put(`${B}/settings`, { autoSendLoginDetails: true }).expect(200);
    }
  });
});
