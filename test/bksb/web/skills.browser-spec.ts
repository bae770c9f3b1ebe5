import { randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import { BksbFixture, startBksbFixture } from '../../support/bksb-fixture';
import { eventually as eventuallyObserved } from '../../support/eventually';
import { baseUrlOf, checkPage, describeInBrowser, useBrowser, visible } from '../../web/support/browser';

const B = '/api/integrations/bksb';

describeInBrowser('Skills to work on and the cohort skills page in Chromium', () => {
  let f: BksbFixture;
  let baseUrl: string;
  const { signedIn } = useBrowser(() => baseUrl);
  const people: Record<string, string> = {};

  /** A linked learner with a finished Maths diagnostic (Level 1) measured as given. */
  const learner = async (firstName: string, measured: [string, string, string]) => {
    const user = f.sandbox.createUser({ username: `skills-${randomUUID().slice(0, 8)}` });
    for (const courseSubject of ['ENG_NEW', 'MATHS_NEW']) f.sandbox.addResult(user.userId, { kind: 'initial', courseSubject, level: 'Level 1' });
    f.sandbox.addResult(user.userId, {
      kind: 'diagnostic',
      courseSubject: 'MATHS_NEW',
      assessmentName: 'Maths Diagnostic Level 1',
      resultDate: '2026-10-09T11:02:44',
      components: [
        { name: 'Using numbers and the number system', measured: measured[0] },
        { name: 'Using common measures, shape and space', measured: measured[1] },
        { name: 'Handling information and data', measured: measured[2] },
      ],
    });
    const id = await f.person('learners', { firstName, lastName: 'Skills' });
    await f.as('staff').put(`${B}/learners/${id}/account`, { username: user.username }).expect(200);
    people[firstName] = id;
    return user.userId;
  };

  beforeAll(async () => {
    f = await startBksbFixture({ env: { BKSB_SYNC_CRON: '0 3 * * *' } });
    baseUrl = await baseUrlOf(f.testApp.app);
    await f.as('admin').put(`${B}/settings`, { downloadDiagnosticResults: true }).expect(200);
    const ana = await learner('Ana', ['Level 1', 'Entry 2', 'Working towards']);
    await learner('Ben', ['Entry 3', '45%', 'Level 2']);
    // Ana's English diagnostic comes without a breakdown from bksb.
    f.sandbox.addResult(ana, { kind: 'diagnostic', courseSubject: 'ENG_NEW', assessmentName: 'English Diagnostic Level 1', resultDate: '2026-10-10T09:00:00', components: [] });
    const { runId } = (await f.as('staff').post(`${B}/sync`).expect(202)).body as { runId: string };
    await eventuallyObserved('the sync to finish', async () => (await f.as('staff').get(`${B}/sync-runs/${runId}`).expect(200)).body.status === 'succeeded');
  }, 60_000);

  afterAll(async () => {
    await f?.close();
  });

  const screenshot = async (page: Page, name: string) => {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR ?? '/tmp'}/${name}-${width}.png`, fullPage: true });
    }
  };

  it("lists a learner's gaps weakest first, folds the rest away, and says when bksb gave no breakdown", async () => {
    const page = await signedIn();
    await page.goto(`${baseUrl}/learners/${people.Ana}`);
    const section = page.getByRole('region', { name: 'Skills to work on' });
    await visible(section.getByRole('heading', { name: 'Maths' }));
    const items = await section.getByRole('listitem').allInnerTexts();
    expect(items[0]).toBe('Using common measures, shape and space: Entry 2');
    await visible(section.getByText('No breakdown from bksb for this diagnostic.'));
    const folded = section.getByText('The other 2 parts of Maths');
    await visible(folded);
    expect(await section.getByText('Handling information and data: Working towards').isVisible()).toBe(false);
    await folded.click();
    await visible(section.getByText('Handling information and data: Working towards'));
    await visible(section.getByText('9 Oct 2026, 11:02'));
    await screenshot(page, 'skills-panel');
    await page.setViewportSize({ width: 375, height: 900 });
    await checkPage(page);
    await page.context().close();
  }, 60_000);

  it('shows the cohort by component and level from the menu, each number listing its people, axe-clean at 375 and 1280 px', async () => {
    const page = await signedIn();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Skills', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Skills' }));
    await page.getByLabel('Subject', { exact: true }).selectOption('maths');
    const from = page.getByRole('group', { name: 'Diagnostic done from' });
    await from.getByLabel('Day').fill('1');
    await from.getByLabel('Month').fill('10');
    await from.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Show' }).click();
    const rows = page.getByRole('table', { name: /People at each level in each component/ }).getByRole('row');
    // Most gaps first: measures (Entry 2 and 45%: 2), then numbers (Entry 3: 1), then handling data (0).
    expect((await rows.nth(1).getByRole('rowheader').innerText()).trim()).toBe('Using common measures, shape and space');
    expect((await rows.nth(3).getByRole('rowheader').innerText()).trim()).toBe('Handling information and data');
    await page.getByRole('link', { name: '2 below the level assessed in Using common measures, shape and space: list them' }).click();
    const listed = page.getByRole('region', { name: /Using common measures, shape and space: below the level assessed/ });
    await visible(listed.getByRole('link', { name: 'Ana Skills' }));
    await visible(listed.getByRole('link', { name: 'Ben Skills' }));
    await screenshot(page, 'skills-page');
    await page.setViewportSize({ width: 375, height: 900 });
    await checkPage(page);
    await page.context().close();
  }, 60_000);

  it('refuses a date that is not real, beside its boxes, keeping what was typed', async () => {
    const page = await signedIn();
    await page.goto(`${baseUrl}/integrations/bksb/skills?fromDay=31&fromMonth=2&fromYear=2026`);
    await visible(page.getByRole('link', { name: 'Diagnostic done from must be a real date, like 27 3 2026' }));
    expect(await page.getByRole('group', { name: 'Diagnostic done from' }).getByLabel('Day').inputValue()).toBe('31');
    await checkPage(page);
    await page.context().close();
  }, 60_000);
});
