import { randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { BksbFixture, startBksbFixture } from '../../support/bksb-fixture';
import { baseUrlOf, checkPage, describeInBrowser, eventually, useBrowser, visible } from '../../web/support/browser';

const SCREENSHOTS = process.env.SCREENSHOT_DIR;

describeInBrowser('bulk actions on the unmatched report in Chromium', () => {
  let f: BksbFixture;
  let baseUrl: string;
  const { signedIn } = useBrowser(() => baseUrl);

  beforeAll(async () => {
    f = await startBksbFixture({ smtp: true });
    baseUrl = await baseUrlOf(f.testApp.app);
  }, 60_000);

  afterAll(async () => {
    await f?.close();
  });

  const learner = async (firstName: string, lastName: string, withEmail = true) => {
    const email = withEmail ? `${firstName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.org` : null;
    return { id: await f.person('learners', { firstName, lastName, email }), email };
  };
  const openReport = async (page: Page) => {
    await page.goto(`${baseUrl}/integrations/bksb/unmatched`);
    await visible(page.getByRole('heading', { level: 1, name: 'People without a bksb account' }));
  };
  const outcomeRow = (page: Page, name: string) => page.getByRole('region', { name: 'Outcomes' }).getByRole('row', { name: new RegExp(name) });
  const shoot = async (page: Page, name: string) => {
    if (!SCREENSHOTS) return;
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  };
  /** Every bulk action of these tests has ended (one runs at a time). */
  const noneRunning = () =>
    eventually(async () => {
      expect(await f.testApp.app.get(DataSource).query(`SELECT id FROM bksb_bulk_jobs WHERE status = 'running'`)).toEqual([]);
    }, 15_000);

  afterEach(async () => {
    f.sandbox.setLatency({ fixedMs: 0 });
    await noneRunning();
  });

  it('creates accounts for the ticked people, and the job page shows each outcome', async () => {
    const ann = await learner('Ann', 'Aardvark');
    const bob = await learner('Bob', 'Aardvark');
    await learner('Cy', 'Aardvark', false);
    const page = await signedIn();
    await openReport(page);
    await checkPage(page);
    await shoot(page, 'bulk-unmatched');

    // Nothing ticked: the form says so and keeps the page.
    await page.getByRole('button', { name: 'Create bksb accounts' }).click();
    await eventually(async () => expect(await page.getByRole('alert').first().innerText()).toContain('Tick at least one person, or choose All on this page or All matching.'));
    await checkPage(page);

    for (const name of ['Ann Aardvark', 'Bob Aardvark', 'Cy Aardvark']) await page.getByRole('checkbox', { name: `Choose ${name}` }).check();
    await page.getByRole('button', { name: 'Create bksb accounts' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Create bksb accounts' }));
    await eventually(async () => expect(await page.getByRole('status').innerText()).toContain('Create bksb accounts has started for 3 people.'));
    await eventually(async () => expect(await page.getByText('3 of 3 people (100%)').count()).toBe(1));
    await visible(outcomeRow(page, 'Ann Aardvark').getByRole('cell', { name: 'Done' }));
    await visible(outcomeRow(page, 'Bob Aardvark').getByRole('cell', { name: `Created ${bob.email}; login details queued.` }));
    await visible(outcomeRow(page, 'Cy Aardvark').getByRole('cell', { name: 'Skipped' }));
    await visible(outcomeRow(page, 'Cy Aardvark').getByRole('cell', { name: 'Cy Aardvark has no email address. Add one, then create the bksb account.' }));
    expect(f.sandbox.findUser(ann.email!)).toBeDefined();
    await checkPage(page);
    await shoot(page, 'bulk-job');

    // The report no longer lists them, and links the last bulk action.
    await openReport(page);
    await visible(page.getByRole('link', { name: 'Create bksb accounts: 3 of 3 people' }));
    expect(await page.getByRole('row', { name: /Ann Aardvark/ }).count()).toBe(0);
    await page.context().close();
  });

  it('links the suggested accounts of all matching people, with the progress updating by itself', async () => {
    const names = ['Dee', 'Eve', 'Fin', 'Gil'];
    const people = await Promise.all(names.map((first) => learner(first, 'Suggested')));
    for (const person of people) f.sandbox.createUser({ username: person.email! });
    const page = await signedIn();
    await openReport(page);
    await visible(page.getByRole('row', { name: /Dee Suggested/ }).getByRole('cell', { name: people[0].email! }).last());
    f.sandbox.setLatency({ fixedMs: 400 });
    await page.getByRole('radio', { name: /^All matching/ }).check();
    await page.getByRole('button', { name: 'Link suggested accounts' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Link suggested accounts' }));
    await visible(page.getByText('This bulk action is still running'));
    await shoot(page, 'bulk-job-running');
    // No reload: the page script fetches the progress again until the job ends.
    await eventually(async () => expect(await page.getByRole('definition').first().innerText()).toBe('Succeeded'), 20_000);
    for (const [i, person] of people.entries()) await visible(outcomeRow(page, `${names[i]} Suggested`).getByRole('cell', { name: `Linked ${person.email}.` }));
    await checkPage(page);
    await page.context().close();
  });

  it('sends a second bulk action to the running one, saying why', async () => {
    await learner('Hal', 'Busy');
    await learner('Ida', 'Busy');
    const page = await signedIn();
    await openReport(page);
    f.sandbox.setLatency({ fixedMs: 500 });
    await page.getByRole('radio', { name: /^All on this page/ }).check();
    await page.getByRole('button', { name: 'Create bksb accounts' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Create bksb accounts' }));
    const running = page.url();
    await openReport(page);
    await visible(page.getByText('A bulk action is running:'));
    await page.getByRole('radio', { name: /^All matching/ }).check();
    await page.getByRole('button', { name: 'Link suggested accounts' }).click();
    await eventually(async () => expect(await page.getByRole('alert').first().innerText()).toMatch(/is still running for your organisation; only one runs at a time/));
    expect(page.url()).toBe(running);
    await page.context().close();
  });

  it('works with JavaScript off: tick, post, and the job page', async () => {
    const jo = await learner('Jo', 'Plain');
    const page = await signedIn('staff@northfield.test', { javaScriptEnabled: false });
    await openReport(page);
    await page.getByRole('checkbox', { name: 'Choose Jo Plain' }).check();
    await page.getByRole('button', { name: 'Create bksb accounts' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Create bksb accounts' }));
    await noneRunning();
    await page.reload();
    await visible(outcomeRow(page, 'Jo Plain').getByRole('cell', { name: `Created ${jo.email}; login details queued.` }));
    await page.context().close();
  });
});
