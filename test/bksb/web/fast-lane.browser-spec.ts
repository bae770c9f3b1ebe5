import { randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import { BksbSyncCron } from '../../../libs/bksb-integration/src/sync/bksb-sync.cron';
import { BksbFixture, startBksbFixture } from '../../support/bksb-fixture';
import { baseUrlOf, checkPage, describeInBrowser, eventually, useBrowser, visible } from '../../web/support/browser';

const B = '/api/integrations/bksb';
const SCREENSHOTS = process.env.SCREENSHOT_DIR;

describeInBrowser('the fast lanes on the Summary, the person panel and the sync runs in Chromium', () => {
  let f: BksbFixture;
  let baseUrl: string;
  const { signedIn } = useBrowser(() => baseUrl);

  beforeAll(async () => {
    // The fast lanes are on, on a schedule that does not fire during the test: it ticks them itself.
    f = await startBksbFixture({ env: { BKSB_SYNC_CRON: '0 3 * * *', BKSB_FRESH_CRON: '0 4 1 1 *' } });
    baseUrl = await baseUrlOf(f.testApp.app);
  }, 60_000);

  afterAll(async () => {
    await f?.close();
  });

  const shoot = async (page: Page, name: string) => {
    if (!SCREENSHOTS) return;
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  };

  it('says who is checked when and why, and counts the fast lanes\' runs apart', async () => {
    const user = f.sandbox.createUser({ username: `nia.${randomUUID().slice(0, 8)}` });
    const id = await f.person('learners', { firstName: 'Nia', lastName: 'New' });
    await f.as('staff').put(`${B}/learners/${id}/account`, { username: user.username }).expect(200);
    await f.testApp.app.get(BksbSyncCron, { strict: false }).laneTick('fresh');
    await eventually(async () => expect((await f.as('staff').get(`${B}/sync-runs`).expect(200)).body[0]).toMatchObject({ trigger: 'fresh', status: 'succeeded' }));

    const page = await signedIn();
    await page.goto(`${baseUrl}/learners/${id}`);
    const panel = page.getByRole('region', { name: 'bksb', exact: true });
    await visible(panel.getByText(/Next checked .*: new account \(account created or linked in the last 14 days, with no initial English or Maths result yet; checked every 10 minutes\)\./));
    await checkPage(page);
    await shoot(page, 'fast-lane-panel');

    await page.goto(`${baseUrl}/integrations/bksb`);
    // One sentence of when results arrive; who is checked when folded away beneath it.
    await page.getByText('Who is checked when', { exact: true }).click();
    const lanes = page.getByRole('region', { name: 'Who is checked when' });
    await visible(lanes.getByRole('row', { name: /New account .* 1 / }));
    await visible(lanes.getByRole('row', { name: /Assessment in progress .* 0 / }));
    await visible(lanes.getByRole('row', { name: /Scheduled sync .* Everyone else/ }));
    await visible(page.getByText('Checks of new accounts and assessments in progress in the last 24 hours: 1 run, 1 person checked, 0 results imported.'));
    expect(await page.getByRole('definition').filter({ hasText: 'No sync has run yet.' }).count()).toBe(1);
    await checkPage(page);
    await shoot(page, 'fast-lane-summary');

    await page.getByRole('link', { name: 'All sync runs' }).click();
    await visible(page.getByRole('cell', { name: 'New accounts (every 10 minutes)' }));
    await page.context().close();
  });
});
