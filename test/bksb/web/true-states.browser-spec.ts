import { randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import { BksbFixture, startBksbFixture } from '../../support/bksb-fixture';
import { baseUrlOf, checkPage, describeInBrowser, eventually, useBrowser, visible } from '../../web/support/browser';

/** Pages staff can trust: true states, nothing typed thrown away, every failure named, usable on a phone. */
describeInBrowser('bksb pages that say what is true, in Chromium', () => {
  let f: BksbFixture;
  let baseUrl: string;
  const { signedIn } = useBrowser(() => baseUrl);
  const B = '/api/integrations/bksb';

  beforeAll(async () => {
    f = await startBksbFixture({ smtp: true });
    baseUrl = await baseUrlOf(f.testApp.app);
  }, 60_000);

  afterAll(async () => {
    await f?.close();
  });

  /** A learner linked to a new bksb user. */
  const linkedLearner = async (firstName: string, lastName: string) => {
    const user = f.sandbox.createUser({ username: `${firstName.toLowerCase()}-${randomUUID().slice(0, 6)}` });
    const id = await f.person('learners', { firstName, lastName, email: `${user.username}@example.org` });
    await f.as('staff').put(`${B}/learners/${id}/account`, { username: user.username }).expect(200);
    return { id, user };
  };
  /** Presses Sync now and waits on the run's page until the run has ended. */
  const syncNow = async (page: Page) => {
    await page.goto(`${baseUrl}/integrations/bksb`);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'bksb sync run' }));
    await page.locator('#run-progress:not([data-refresh-seconds])').waitFor({ timeout: 20_000 });
  };
  const runStatus = (page: Page) => page.getByRole('definition').filter({ hasText: /^(Running|Succeeded|Partly failed|Failed)$/ });

  describe('sync runs', () => {
    it('names the person who failed, as a link to their page, in a run that partly failed', async () => {
      await linkedLearner('Nia', 'Fine');
      const gone = await linkedLearner('Gwen', 'Gone');
      f.sandbox.deleteUser(gone.user.userId);
      const page = await signedIn();
      await syncNow(page);
      expect(await runStatus(page).innerText()).toBe('Partly failed');
      const failures = page.getByRole('region', { name: 'Failures' });
      await visible(failures.getByRole('link', { name: 'Gwen Gone (Learner)' }));
      expect(await failures.getByRole('link', { name: 'Gwen Gone (Learner)' }).getAttribute('href')).toBe(`/learners/${gone.id}`);
      await checkPage(page);
      await f.as('staff').delete(`${B}/learners/${gone.id}/account`).expect(204);
      await page.context().close();
    });

    it('calls a run in which everyone checked failed Failed, not Partly failed, and says so', async () => {
      f.sandbox.injectFault({ kind: 'http500', endpoint: 'initialResults', rate: 1 });
      try {
        const page = await signedIn();
        await syncNow(page);
        expect(await runStatus(page).innerText()).toBe('Failed');
        await visible(page.getByRole('alert').getByText(/Every person this run checked failed/));
        await page.getByRole('link', { name: 'bksb sync runs' }).click();
        await visible(page.getByRole('region', { name: 'Sync runs' }).getByText('Failed', { exact: true }));
        await page.context().close();
      } finally {
        f.sandbox.clearFaults();
      }
    });

    it('shows a running sync as "x of N people" with a progress bar, and no message that it is running once it has ended', async () => {
      await linkedLearner('Owain', 'Slow');
      await linkedLearner('Sian', 'Slow');
      f.sandbox.setLatency({ fixedMs: 300 });
      try {
        const page = await signedIn();
        await page.goto(`${baseUrl}/integrations/bksb`);
        await page.getByRole('button', { name: 'Sync now' }).click();
        await visible(page.getByRole('progressbar', { name: /^\d+ of \d+ (person|people) \(\d+%\)$/ }));
        await visible(page.getByText('This sync is still running'));
        await page.locator('#run-progress:not([data-refresh-seconds])').waitFor({ timeout: 20_000 });
        await eventually(async () => expect(await page.getByText(/still running|is running|has started/).count()).toBe(0));
        await page.context().close();
      } finally {
        f.sandbox.setLatency(null);
      }
    }, 40_000);
  });
});
