import { randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import { MailService } from '../../../apps/picsweb/src/mail/mail.service';
import { BksbFixture, DEFAULT_PASSWORD, startBksbFixture } from '../../support/bksb-fixture';
import { absent, baseUrlOf, checkPage, describeInBrowser, eventually, useBrowser, visible } from '../../web/support/browser';

const B = '/api/integrations/bksb';

describeInBrowser('the bksb person panel and the unmatched report in Chromium', () => {
  let f: BksbFixture;
  let baseUrl: string;
  const { signedIn } = useBrowser(() => baseUrl);

  beforeAll(async () => {
    f = await startBksbFixture({ smtp: true });
    baseUrl = await baseUrlOf(f.testApp.app);
    const english = (await f.as('admin').post('/api/tags', { name: 'FS English Assessed' }).expect(201)).body.id as string;
    await f.as('admin').put(`${B}/settings`, { learnerTags: { english: [english] } }).expect(200);
  }, 60_000);

  afterAll(async () => {
    await f?.close();
  });

  /** A learner with a unique email (or none); returns the id and the email. */
  const learner = async (firstName: string, lastName: string, withEmail = true) => {
    const email = withEmail ? `${firstName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.org` : null;
    return { id: await f.person('learners', { firstName, lastName, email }), email };
  };
  const panel = (page: Page) => page.getByRole('region', { name: 'bksb', exact: true });
  const flash = async (page: Page, text: string) => eventually(async () => expect(await page.getByRole('status').innerText()).toContain(text));
  const openPerson = async (page: Page, id: string) => {
    await page.goto(`${baseUrl}/learners/${id}`);
    await visible(panel(page));
  };

  it('creates a learner\'s account after a confirmation, emails the login details, and the outbox shows the password masked', async () => {
    const { id, email } = await learner('Amira', 'Khan');
    const page = await signedIn();
    await openPerson(page, id);
    await checkPage(page);
    await panel(page).getByRole('button', { name: 'Create bksb account' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Create a bksb account for Amira Khan' }));
    expect(await page.getByRole('main').innerText()).toContain(email);
    await checkPage(page);
    await page.getByRole('button', { name: 'Create in bksb' }).click();
    await flash(page, `Created the bksb account ${email} for Amira Khan. The login details email to ${email} is queued: the panel shows when it is sent.`);
    expect(await panel(page).innerText()).toContain(email);
    await visible(panel(page).getByRole('button', { name: 'Get latest results' }));
    await checkPage(page);
    await panel(page).getByRole('button', { name: 'Send login details' }).click();
    await flash(page, `Queued the bksb login details for ${email}: the panel shows when they are sent.`);
    await page.context().close();

    await f.testApp.app.get(MailService).deliverDue();
    const delivered = f.smtp!.received.filter((message) => message.includes(email!));
    expect(delivered).toHaveLength(2);
    expect(delivered[0]).toContain(`Password:  ${DEFAULT_PASSWORD}`);

    const admin = await signedIn('admin@northfield.test');
    await admin.getByRole('link', { name: 'Mail outbox' }).click();
    await visible(admin.getByRole('cell', { name: email! }).first());
    const outbox = await admin.getByRole('main').textContent();
    expect(outbox).toContain('••••••••');
    expect(outbox).not.toContain(DEFAULT_PASSWORD);
    // Sent only once the mail server accepted it: both emails' status tags say so.
    expect(await admin.getByRole('row').filter({ hasText: email! }).getByRole('cell', { name: 'Sent', exact: true }).count()).toBe(2);
    await checkPage(admin);
    await admin.context().close();
  });

  it('shows a result added in bksb after Get latest results, with its level, and applies the English tag', async () => {
    const { id, email } = await learner('Cara', 'Lee');
    await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(201);
    f.sandbox.addResult(f.sandbox.findUser(email!)!.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 3', resultDate: '2026-03-02T10:15:00' });
    const page = await signedIn();
    await openPerson(page, id);
    await visible(panel(page).getByText('No results yet.'));
    await panel(page).getByRole('button', { name: 'Get latest results' }).click();
    await flash(page, 'Imported 1 new result from bksb.');
    // One Results table (per subject: latest initial, best initial, latest diagnostic); every result folded away.
    const results = page.getByRole('region', { name: 'Results' });
    await visible(results.getByRole('row', { name: /English.*Entry 3.*2 Mar 2026, 10:15.*Entry 3.*None yet/ }));
    await panel(page).getByText('Every result (1)').click();
    await visible(page.getByRole('region', { name: 'History' }).getByRole('cell', { name: 'Entry 3' }));
    await visible(panel(page).getByRole('listitem').filter({ hasText: /^English: FS English Assessed, \d+ \w+ \d{4}, \d\d:\d\d$/ }));
    await visible(page.getByRole('button', { name: 'Remove FS English Assessed' }));
    await checkPage(page);
    await page.context().close();
  });

  it('links a suggested bksb user from the unmatched report, which imports their results', async () => {
    const user = f.sandbox.createUser({ username: `dev.${randomUUID().slice(0, 8)}@example.org` });
    f.sandbox.addResult(user.userId, { kind: 'initial', courseSubject: 'MATHS_NEW', level: 'Level 1', resultDate: '2026-02-10T09:00:00' });
    const id = await f.person('learners', { firstName: 'Dev', lastName: 'Aaronson', email: user.username });
    const page = await signedIn();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'People without an account' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'People without a bksb account' }));
    const row = page.getByRole('row', { name: /Dev Aaronson/ });
    await visible(row.getByRole('cell', { name: user.username }).last());
    await checkPage(page);
    await row.getByRole('button', { name: 'Link' }).click();
    await flash(page, `Linked the bksb user ${user.username} to Dev Aaronson.`);
    expect(page.url()).toContain('/integrations/bksb/unmatched');
    await absent(page.getByRole('row', { name: /Dev Aaronson/ }));
    await openPerson(page, id);
    await visible(page.getByRole('region', { name: 'Results' }).getByRole('cell', { name: /Level 1/ }).first());
    expect(await panel(page).innerText()).toContain('Linked');
    await absent(panel(page).getByRole('button', { name: 'Send login details' }));
    await page.context().close();
  });

  it('unlinks after a confirmation', async () => {
    const user = f.sandbox.createUser({ username: `eli.${randomUUID().slice(0, 8)}` });
    const { id } = await learner('Eli', 'Moss');
    await f.as('staff').put(`${B}/learners/${id}/account`, { username: user.username }).expect(200);
    const page = await signedIn();
    await openPerson(page, id);
    await panel(page).getByRole('button', { name: 'Unlink' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Unlink the bksb account of Eli Moss?' }));
    await checkPage(page);
    await page.getByRole('button', { name: 'Unlink' }).click();
    await flash(page, 'Unlinked the bksb account of Eli Moss.');
    await visible(panel(page).getByRole('button', { name: 'Create bksb account' }));
    await absent(panel(page).getByText(user.username));
    await page.context().close();
  });

  it('pre-fills Link existing account with the suggestion only when bksb has a user named as the email', async () => {
    const known = await learner('Gail', 'Known');
    f.sandbox.createUser({ username: known.email! });
    const unknown = await learner('Hal', 'Unknown');
    const page = await signedIn();
    await openPerson(page, known.id);
    expect(await panel(page).getByLabel('bksb user name').inputValue()).toBe(known.email);
    await openPerson(page, unknown.id);
    expect(await panel(page).getByLabel('bksb user name').inputValue()).toBe('');
    await page.context().close();
  });

  it('says why a learner without an email cannot have an account, and keeps a user name bksb does not know beside its field', async () => {
    const { id } = await learner('Fay', 'Noemail', false);
    const page = await signedIn();
    await openPerson(page, id);
    await visible(panel(page).getByText('Fay Noemail has no email address. Add one, then create the bksb account.'));
    await absent(page.getByRole('button', { name: 'Create bksb account' }));
    await page.getByRole('button', { name: 'Link existing account' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Link an existing bksb account to Fay Noemail' }));
    await eventually(async () => expect(await page.getByRole('alert').innerText()).toContain('bksb user name must be 1 to 320 characters.'));
    await page.getByLabel('bksb user name').fill('no.such.user');
    await page.getByRole('button', { name: 'Link existing account' }).click();
    await eventually(async () => expect(await page.getByRole('alert').innerText()).toContain('No bksb user named no.such.user.'));
    expect(await page.getByLabel('bksb user name').inputValue()).toBe('no.such.user');
    await checkPage(page);
    await page.context().close();
  });

  it('shows a refusal from bksb as a problem on the person page, not as an error page', async () => {
    const { id, email } = await learner('Kit', 'Taken');
    f.sandbox.createUser({ username: email! });
    const page = await signedIn();
    await page.goto(`${baseUrl}/integrations/bksb/learners/${id}/create`);
    await page.getByRole('button', { name: 'Create in bksb' }).click();
    await eventually(async () => expect(await page.getByRole('alert').innerText()).toContain(`bksb already has a user named ${email}`));
    await visible(page.getByRole('heading', { level: 1, name: 'Kit Taken' }));
    await visible(panel(page).getByRole('button', { name: 'Create bksb account' }));
    await page.context().close();
  });

  it('shows an unlicensed organisation the licence message and no bksb controls', async () => {
    const id = await f.person('learners', { firstName: 'Gus', lastName: 'South', email: 'gus@example.org' }, 'otherAdmin');
    const page = await signedIn('admin@southbank.test');
    await openPerson(page, id);
    await visible(panel(page).getByText('bksb Integration is not licensed for this organisation. Contact PICS support to enable it.'));
    expect(await panel(page).getByRole('button').count()).toBe(0);
    expect(await panel(page).getByRole('textbox').count()).toBe(0);
    await checkPage(page);
    const report = await page.goto(`${baseUrl}/integrations/bksb/unmatched`);
    expect(report?.status()).toBe(403);
    await page.context().close();
  });

  it('makes one bksb user when Create in bksb is double clicked', async () => {
    const { id, email } = await learner('Hal', 'Twice');
    const before = f.sandbox.metrics().calls.createUser;
    const page = await signedIn();
    await page.goto(`${baseUrl}/integrations/bksb/learners/${id}/create`);
    f.sandbox.setLatency({ fixedMs: 300 });
    try {
      await page.getByRole('button', { name: 'Create in bksb' }).dblclick();
      await flash(page, `Created the bksb account ${email}`);
    } finally {
      f.sandbox.setLatency({ fixedMs: 0 });
    }
    expect(f.sandbox.metrics().calls.createUser - before).toBe(1);
    expect(f.sandbox.findUser(email!)).toBeDefined();
    await page.context().close();
  });

  it('creates an account with JavaScript off', async () => {
    const { id, email } = await learner('Ivy', 'Plain');
    const page = await signedIn('staff@northfield.test', { javaScriptEnabled: false });
    await openPerson(page, id);
    await panel(page).getByRole('button', { name: 'Create bksb account' }).click();
    await page.getByRole('button', { name: 'Create in bksb' }).click();
    await flash(page, `Created the bksb account ${email}`);
    expect(await panel(page).innerText()).toContain(email);
    await page.context().close();
  });

  it('says when the integration is switched off and offers no action', async () => {
    const { id } = await learner('Jo', 'Off');
    await f.as('admin').put(`${B}/settings`, { integrationEnabled: false }).expect(200);
    try {
      const page = await signedIn();
      await openPerson(page, id);
      await visible(panel(page).getByText('The bksb integration is switched off.'));
      expect(await panel(page).getByRole('button').count()).toBe(0);
      await checkPage(page);
      await page.context().close();
    } finally {
      await f.as('admin').put(`${B}/settings`, { integrationEnabled: true }).expect(200);
    }
  });
});
