import { Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { BksbFixture, startBksbFixture } from '../../support/bksb-fixture';
import { absent, baseUrlOf, checkPage, describeInBrowser, eventually, useBrowser, visible } from '../../web/support/browser';

describeInBrowser('the bksb Summary, Settings and sync pages in Chromium', () => {
  let f: BksbFixture;
  let baseUrl: string;
  const { signedIn } = useBrowser(() => baseUrl);
  const tagIds: Record<string, string> = {};

  beforeAll(async () => {
    // One call to bksb at a time, so a sync of a few people lasts long enough to be seen running.
    f = await startBksbFixture({ env: { BKSB_ORG_CONCURRENCY: '1' } });
    baseUrl = await baseUrlOf(f.testApp.app);
    for (const name of ['FS English Assessed', 'English initial done', 'FS Maths Assessed']) {
      tagIds[name] = (await f.as('admin').post('/api/tags', { name }).expect(201)).body.id as string;
    }
  }, 60_000);

  afterAll(async () => {
    await f?.close();
  });

  const storedSettings = async () => (await f.as('admin').get('/api/integrations/bksb/settings').expect(200)).body as Record<string, unknown>;
  const englishGroup = (page: Page) => page.getByRole('group', { name: 'Learner tags for English' });

  it('lets an admin open the Summary from the side menu, and Settings from it', async () => {
    const page = await signedIn('admin@northfield.test');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Summary', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'bksb Summary' }));
    await visible(page.getByRole('heading', { name: 'Integration Status' }));
    await visible(page.getByRole('heading', { name: 'Integration Information' }));
    await visible(page.getByText('Databridge'));
    await checkPage(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    await visible(page.getByRole('dialog', { name: 'Settings' }));
    await checkPage(page);
    await page.context().close();
  });

  it('refuses a short default password beside its field and saves nothing', async () => {
    const before = await storedSettings();
    const page = await signedIn('admin@northfield.test');
    await page.goto(`${baseUrl}/integrations/bksb/settings`);
    await page.getByLabel('Default Password').fill('short');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const field = page.locator('.field', { has: page.getByLabel('Default Password') });
    await visible(field.getByText('Default Password must be at least 8 characters long.'));
    await visible(page.getByRole('alert').getByRole('link', { name: 'Default Password must be at least 8 characters long.' }));
    // What was typed stays in its field (a refusal saves nothing, so it is not a saved secret).
    expect(await page.getByLabel('Default Password').inputValue()).toBe('short');
    await checkPage(page);
    expect(await storedSettings()).toEqual(before);
    await page.context().close();
  });

  it('saves keys and two chosen tags, one removed by its X, and shows them after a reload with the secrets only as set', async () => {
    const page = await signedIn('admin@northfield.test');
    await page.goto(`${baseUrl}/integrations/bksb/settings`);
    await page.getByLabel('API Access Key').fill(f.sandbox.key.accessKey);
    await page.getByLabel('API Secret Key').fill(f.sandbox.key.secretKey);
    const english = englishGroup(page);
    for (const name of ['FS English Assessed', 'English initial done', 'FS Maths Assessed']) {
      await english.getByLabel('Tag to add to Learner tags for English').selectOption({ label: name });
      await english.getByRole('button', { name: 'Add to Learner tags for English' }).click();
      await visible(english.getByRole('button', { name: `Remove ${name}` }));
    }
    await english.getByRole('button', { name: 'Remove FS Maths Assessed' }).click();
    await absent(english.getByRole('button', { name: 'Remove FS Maths Assessed' }));
    // The secret typed before the tags changed is still in its box (the tags changed in place).
    expect(await page.getByLabel('API Secret Key').inputValue()).toBe(f.sandbox.key.secretKey);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByRole('status').getByText('Settings saved.'));
    const stored = await storedSettings();
    expect((stored.learnerTags as Record<string, string[]>).english).toEqual([tagIds['FS English Assessed'], tagIds['English initial done']]);
    await page.goto(`${baseUrl}/integrations/bksb/settings`);
    await visible(englishGroup(page).getByRole('button', { name: 'Remove FS English Assessed' }));
    await visible(englishGroup(page).getByRole('button', { name: 'Remove English initial done' }));
    await absent(englishGroup(page).getByRole('button', { name: 'Remove FS Maths Assessed' }));
    expect(await page.getByLabel('API Secret Key').inputValue()).toBe('');
    await visible(page.locator('#field-apiSecretKey-hint').getByText('A value is saved'));
    expect(await page.content()).not.toContain(f.sandbox.key.secretKey);
    await page.context().close();
  });

  it('says so when Test connection meets wrong keys, and when it works', async () => {
    const page = await signedIn('admin@northfield.test');
    await page.goto(`${baseUrl}/integrations/bksb/settings`);
    await page.getByLabel('API Access Key').fill('wrong-key');
    await page.getByLabel('API Secret Key').fill('wrong-secret');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await eventually(async () => expect(await page.locator('#connection-result').innerText()).toMatch(/Connection failed/));
    expect(await page.getByLabel('API Access Key').inputValue()).toBe('wrong-key');
    await checkPage(page);
    await page.goto(`${baseUrl}/integrations/bksb/settings`);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await eventually(async () => expect(await page.locator('#connection-result').innerText()).toMatch(/Connection works/));
    await page.context().close();
  });

  it('discards a change on Cancel', async () => {
    const before = await storedSettings();
    const page = await signedIn('admin@northfield.test');
    await page.goto(`${baseUrl}/integrations/bksb/settings`);
    await page.getByLabel('Auto Enrol on Courses').check();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'bksb Summary' }));
    await absent(page.getByRole('dialog'));
    expect(await storedSettings()).toEqual(before);
    await page.context().close();
  });

  it('says beside the missing key that switching on needs it', async () => {
    await f.as('admin').put('/api/integrations/bksb/settings', { integrationEnabled: false, apiAccessKey: null }).expect(200);
    const page = await signedIn('admin@northfield.test', { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/integrations/bksb/settings`);
    await page.getByLabel('Integration Enabled').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const field = page.locator('.field', { has: page.getByLabel('API Access Key') });
    await eventually(async () => expect(await field.locator('.field-error').innerText()).toContain('API Access Key is needed to switch the integration on'));
    expect(await page.getByLabel('Integration Enabled').isChecked()).toBe(true);
    expect((await storedSettings()).integrationEnabled).toBe(false);
    await f.as('admin').put('/api/integrations/bksb/settings', { integrationEnabled: true, apiAccessKey: f.sandbox.key.accessKey }).expect(200);
    await page.context().close();
  });

  it('changes tags with JavaScript off through the server, keeping what was typed', async () => {
    const page = await signedIn('admin@northfield.test', { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/integrations/bksb/settings`);
    await page.getByLabel('bksb login address').fill('https://northfield.bksblive2.co.uk/typed');
    const maths = page.getByRole('group', { name: 'Applicant tags for Maths' });
    await maths.getByLabel('Tag to add to Applicant tags for Maths').selectOption({ label: 'FS Maths Assessed' });
    await maths.getByRole('button', { name: 'Add to Applicant tags for Maths' }).click();
    await visible(page.getByRole('group', { name: 'Applicant tags for Maths' }).getByRole('button', { name: 'Remove FS Maths Assessed' }));
    expect(await page.getByLabel('bksb login address').inputValue()).toBe('https://northfield.bksblive2.co.uk/typed');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByText('Settings saved.'));
    expect(((await storedSettings()).applicantTags as Record<string, string[]>).maths).toEqual([tagIds['FS Maths Assessed']]);
    await page.context().close();
  });

  it('shows staff no Settings button, and a 403 page at its address', async () => {
    const page = await signedIn('staff@northfield.test');
    await page.goto(`${baseUrl}/integrations/bksb`);
    await visible(page.getByRole('heading', { level: 1, name: 'bksb Summary' }));
    await absent(page.getByRole('button', { name: 'Settings' }));
    const answer = await page.goto(`${baseUrl}/integrations/bksb/settings`);
    expect(answer?.status()).toBe(403);
    await absent(page.getByRole('dialog'));
    await checkPage(page);
    await page.context().close();
  });

  it('shows a run started by Sync now until it finishes', async () => {
    for (let n = 0; n < 5; n += 1) {
      const user = f.sandbox.createUser({ username: `run-${randomUUID().slice(0, 6)}` });
      const personId = await f.person('learners', { firstName: `Rhys${n}`, lastName: 'Owen', email: `rhys${n}@example.org` });
      await f.as('staff').put(`/api/integrations/bksb/learners/${personId}/account`, { username: user.username }).expect(200);
      f.sandbox.addResult(user.userId, { kind: 'initial', courseSubject: 'ENG_NEW', level: 'Entry 3' });
    }
    f.sandbox.setLatency({ fixedMs: 400 });
    try {
      const page = await signedIn('staff@northfield.test');
      await page.goto(`${baseUrl}/integrations/bksb`);
      await page.getByRole('button', { name: 'Sync now' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'bksb sync run' }));
      await visible(page.getByText('This sync is still running'));
      await checkPage(page);
      await eventually(async () => expect(await page.locator('#run-progress').innerText()).toContain('Succeeded'), 20_000);
      await absent(page.getByText('This sync is still running'));
      await page.getByRole('link', { name: 'bksb sync runs' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'bksb sync runs' }));
      await checkPage(page);
      await page.context().close();
    } finally {
      f.sandbox.setLatency(null);
    }
  }, 60_000);

  it('shows an unlicensed organisation only the licence message', async () => {
    const page = await signedIn('admin@southbank.test');
    const answer = await page.goto(`${baseUrl}/integrations/bksb`);
    expect(answer?.status()).toBe(403);
    await visible(page.getByText('bksb Integration is not licensed for this organisation'));
    await absent(page.getByRole('button', { name: 'Sync now' }));
    await absent(page.getByRole('button', { name: 'Settings' }));
    await checkPage(page);
    await page.context().close();
  });
});
