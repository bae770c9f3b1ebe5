import { randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import { BksbFixture, startBksbFixture } from '../../support/bksb-fixture';
import { eventually as eventuallyObserved } from '../../support/eventually';
import { absent, baseUrlOf, checkPage, describeInBrowser, eventually, useBrowser, visible } from '../../web/support/browser';

const B = '/api/integrations/bksb';

describeInBrowser('the bksb chase list and levels pages in Chromium', () => {
  let f: BksbFixture;
  let baseUrl: string;
  const { signedIn } = useBrowser(() => baseUrl);
  const people: Record<string, { id: string; userId: number; email: string }> = {};

  /** A learner whose bksb account PICSWeb made. */
  const learner = async (firstName: string, lastName: string) => {
    const email = `${firstName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.org`;
    const id = await f.person('learners', { firstName, lastName, email });
    await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(201);
    people[firstName] = { id, userId: f.sandbox.findUser(email)!.userId, email };
  };
  const result = (firstName: string, courseSubject: string, level: 'Entry 3' | 'Level 1' | 'Level 2', resultDate: string) =>
    f.sandbox.addResult(people[firstName].userId, { kind: 'initial', courseSubject, level, resultDate });

  beforeAll(async () => {
    f = await startBksbFixture({ env: { BKSB_SYNC_CRON: '0 3 * * *' } });
    baseUrl = await baseUrlOf(f.testApp.app);
    await learner('Nora', 'Fresh');
    await learner('Sam', 'Started');
    await learner('Eve', 'English');
    await learner('Bo', 'Both');
    f.sandbox.addSession(people.Sam.userId, { courseSubject: 'ENG_NEW', dateStarted: '2026-09-10T10:00:00', dateCompleted: null });
    result('Eve', 'ENG_NEW', 'Entry 3', '2026-09-11T10:00:00');
    result('Bo', 'ENG_NEW', 'Level 2', '2026-09-01T10:00:00');
    result('Bo', 'ENG_NEW', 'Entry 3', '2026-10-01T10:00:00');
    result('Bo', 'MATHS_NEW', 'Level 1', '2026-09-12T10:00:00');
    const { runId } = (await f.as('staff').post(`${B}/sync`).expect(202)).body as { runId: string };
    await eventuallyObserved('the sync to finish', async () => (await f.as('staff').get(`${B}/sync-runs/${runId}`).expect(200)).body.status === 'succeeded');
  }, 60_000);

  afterAll(async () => {
    await f?.close();
  });

  const menu = (page: Page) => page.getByRole('navigation', { name: 'Main menu' });
  const row = (page: Page, name: string) => page.getByRole('row', { name: new RegExp(name) });

  it('shows the chase list from the side menu, each person in the right column', async () => {
    const page = await signedIn();
    await menu(page).getByRole('link', { name: 'Chase list' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Initial assessments to chase' }));
    expect(await menu(page).getByRole('link', { name: 'Chase list' }).getAttribute('aria-current')).toBe('page');
    expect(await menu(page).getByRole('link', { name: 'Summary', exact: true }).getAttribute('aria-current')).toBeNull();
    const cells = async (name: string) => (await row(page, name).getByRole('cell').allInnerTexts()).map((text) => text.trim());
    // Choose, Name, Email, then English and Maths.
    expect((await cells('Nora Fresh')).slice(3, 5)).toEqual(['Not started', 'Not started']);
    expect((await cells('Sam Started')).slice(3, 5)).toEqual(['Started, not finished', 'Not started']);
    expect((await cells('Eve English')).slice(3, 5)).toEqual(['Done', 'Not started']);
    await absent(row(page, 'Bo Both'));
    await checkPage(page);
    await page.context().close();
  });

  it('filters the chase list with JavaScript off', async () => {
    const page = await signedIn('staff@northfield.test', { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/integrations/bksb/chase-list`);
    await page.getByLabel('Not done').selectOption('english');
    await page.getByRole('button', { name: 'Filter' }).click();
    await visible(row(page, 'Sam Started'));
    await absent(row(page, 'Eve English'));
    expect(new URL(page.url()).searchParams.get('subject')).toBe('english');
    await page.context().close();
  });

  it('sends login details again from a row and comes back to the list, and downloads the list as CSV', async () => {
    const page = await signedIn();
    await page.goto(`${baseUrl}/integrations/bksb`);
    await page.getByRole('link', { name: 'Initial assessments to chase' }).click();
    await page.getByRole('button', { name: 'Send login details to Nora Fresh' }).click();
    await eventually(async () => expect(await page.getByRole('status').innerText()).toContain(`Queued the bksb login details for ${people.Nora.email}: the panel shows when they are sent.`));
    expect(new URL(page.url()).pathname).toBe('/integrations/bksb/chase-list');
    await visible(row(page, 'Nora Fresh'));

    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const download = await page.request.get(`${baseUrl}${href}`);
    expect(download.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const text = await download.text();
    expect(text.split('\r\n')[0]).toBe('\uFEFFLast name,First name,Type,Email,English,Maths,Account since,Login details sent,PICSWeb id');
    expect(text).toMatch(/Started,Sam,Learner,[^,]*,"Started, not finished",Not started/);
    await page.context().close();
  });

  it('draws the levels with a table of the same figures, and lists the people behind a number or a bar', async () => {
    const page = await signedIn();
    await menu(page).getByRole('link', { name: 'Levels', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Initial assessment levels' }));
    const table = page.getByRole('region', { name: 'Levels by subject' });
    // Latest English: Eve Entry 3, Bo Entry 3 (his Level 2 is older); Nora and Sam none.
    await visible(table.getByRole('link', { name: '2 at Entry 3 in English: list them' }));
    await visible(table.getByRole('link', { name: '2 with no result in English: list them' }));
    expect((await table.getByRole('row', { name: /^Level 2/ }).getByRole('cell').first().innerText()).trim()).toBe('0');
    await checkPage(page);

    await table.getByRole('link', { name: '2 at Entry 3 in English: list them' }).click();
    const listed = page.getByRole('region', { name: 'English: Entry 3 (2 learners)' });
    await visible(listed.getByRole('link', { name: 'Eve English' }));
    await visible(listed.getByRole('row', { name: /Bo Both.*Entry 3.*Level 2/ }));
    await checkPage(page);

    // The chart is for the mouse (hidden from assistive technology, so found by its link): a bar lists the same way.
    await page.locator('svg a[href*="subject=maths"][href*="level=none"]').click();
    await visible(page.getByRole('region', { name: 'Maths: No result (3 learners)' }));
    await page.context().close();
  });

  it('counts the best results within dates, and says beside a field what is wrong with it', async () => {
    const page = await signedIn();
    await page.goto(`${baseUrl}/integrations/bksb/levels`);
    await page.getByLabel('Count by').selectOption('best');
    // Day, month and year boxes (GOV.UK's date input), in UK order whatever the browser.
    const fillDate = async (legend: string, [day, month, year]: string[]) => {
      const group = page.getByRole('group', { name: legend });
      await group.getByLabel('Day').fill(day);
      await group.getByLabel('Month').fill(month);
      await group.getByLabel('Year').fill(year);
    };
    await fillDate('Completed from', ['1', '9', '2026']);
    await fillDate('Completed to', ['30', '9', '2026']);
    await page.getByRole('button', { name: 'Show' }).click();
    const table = page.getByRole('region', { name: 'Levels by subject' });
    // Best English in September: Bo Level 2, Eve Entry 3.
    await visible(table.getByRole('link', { name: '1 at Level 2 in English: list them' }));
    await visible(table.getByRole('link', { name: '1 at Entry 3 in English: list them' }));

    await fillDate('Completed to', ['1', '8', '2026']);
    await page.getByRole('button', { name: 'Show' }).click();
    await visible(page.getByRole('alert').getByRole('link', { name: 'Completed to must be on or after the from date.' }));
    await absent(page.getByRole('region', { name: 'Levels by subject' }));
    expect(await page.getByRole('group', { name: 'Completed to' }).getByLabel('Month').inputValue()).toBe('8');
    // A date that does not exist is named as such, the boxes kept as typed.
    await fillDate('Completed from', ['31', '2', '2026']);
    await page.getByRole('button', { name: 'Show' }).click();
    await visible(page.getByRole('alert').getByRole('link', { name: 'Completed from must be a real date, like 27 3 2026' }));
    expect(await page.getByRole('group', { name: 'Completed from' }).getByLabel('Day').inputValue()).toBe('31');
    await checkPage(page);
    await page.context().close();
  });

  it('shows the best initial result beside the latest on the person', async () => {
    const page = await signedIn();
    await page.goto(`${baseUrl}/learners/${people.Bo.id}`);
    // Latest initial, then the best beside it.
    await visible(page.getByRole('region', { name: 'Results' }).getByRole('row', { name: /English.*Entry 3.*Level 2/ }));
    await checkPage(page);
    await page.context().close();
  });

  it('switches the auto-login link on in the Settings window', async () => {
    const page = await signedIn('admin@northfield.test');
    await page.goto(`${baseUrl}/integrations/bksb/settings`);
    await page.getByLabel('Include auto-login link').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(async () => expect((await f.as('admin').get(`${B}/settings`).expect(200)).body.includeAutoLoginLink).toBe(true));
    await page.context().close();
  });

  it('offers the unmatched report as a CSV download', async () => {
    const id = await f.person('learners', { firstName: '=Eq', lastName: 'Unlinked', email: `eq.${randomUUID().slice(0, 8)}@example.org` });
    const page = await signedIn();
    await page.goto(`${baseUrl}/integrations/bksb/unmatched`);
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const text = await (await page.request.get(`${baseUrl}${href}`)).text();
    expect(text.split('\r\n')[0]).toBe('\uFEFFLast name,First name,Type,Email,PICSWeb id');
    expect(text).toContain(`Unlinked,'=Eq,Learner,`);
    expect(text).toContain(id);
    await page.context().close();
  });
});
