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
    await f.as('admin').post('/api/tags', { name: 'FS English Assessed' }).expect(201);
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

  describe('the Settings window', () => {
    const secret = 'typed-secret-4d1f9a';
    const password = 'typed-password-77';
    const openSettings = async (javaScriptEnabled: boolean) => {
      const page = await signedIn('admin@northfield.test', { javaScriptEnabled });
      await page.goto(`${baseUrl}/integrations/bksb/settings`);
      await visible(page.getByRole('dialog', { name: 'Settings' }));
      return page;
    };
    const typeSecrets = async (page: Page) => {
      await page.getByLabel('API Secret Key').fill(secret);
      await page.getByLabel('Default Password').fill(password);
    };
    const expectSecretsKept = async (page: Page) => {
      expect(await page.getByLabel('API Secret Key').inputValue()).toBe(secret);
      expect(await page.getByLabel('Default Password').inputValue()).toBe(password);
    };

    for (const javaScriptEnabled of [true, false]) {
      const withJs = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

      it(`keeps the typed secrets after Test connection, ${withJs}`, async () => {
        const page = await openSettings(javaScriptEnabled);
        await typeSecrets(page);
        await page.getByRole('button', { name: 'Test connection' }).click();
        await eventually(async () => expect(await page.locator('#connection-result').innerText()).toMatch(/Connection (failed|works)/), 15_000);
        await visible(page.getByRole('dialog', { name: 'Settings' }));
        await expectSecretsKept(page);
        await page.context().close();
      });

      it(`keeps the typed secrets after a refused Save, ${withJs}`, async () => {
        const before = (await f.as('admin').get(`${B}/settings`).expect(200)).body;
        const page = await openSettings(javaScriptEnabled);
        await typeSecrets(page);
        await page.getByLabel('bksb login address').fill('http://not-https.example.org/');
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await visible(page.getByRole('alert').getByRole('link', { name: /bksb login address/ }));
        await expectSecretsKept(page);
        expect((await f.as('admin').get(`${B}/settings`).expect(200)).body).toEqual(before);
        await page.context().close();
      });

      it(`adds nothing when Add is pressed with no tag chosen, and says so, ${withJs}`, async () => {
        const before = (await f.as('admin').get(`${B}/settings`).expect(200)).body;
        const page = await openSettings(javaScriptEnabled);
        const english = page.getByRole('group', { name: 'Learner tags for English' });
        const chips = await english.getByRole('button', { name: /^Remove / }).count();
        expect(await english.getByLabel('Tag to add to Learner tags for English').inputValue()).toBe('');
        await english.getByRole('button', { name: 'Add to Learner tags for English' }).click();
        const group = page.getByRole('group', { name: 'Learner tags for English' });
        await visible(group.getByText('Choose a tag to add to Learner tags for English.'));
        expect(await group.getByRole('button', { name: /^Remove / }).count()).toBe(chips);
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await visible(page.getByRole('status').getByText('Settings saved.'));
        const after = (await f.as('admin').get(`${B}/settings`).expect(200)).body;
        expect(after.learnerTags).toEqual(before.learnerTags);
        await page.context().close();
      });
    }

    it('never shows a saved secret in a page', async () => {
      const page = await openSettings(true);
      await page.getByLabel('Default Password').fill(password);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await visible(page.getByRole('status').getByText('Settings saved.'));
      expect(await page.content()).not.toContain(password);
      await page.goto(`${baseUrl}/integrations/bksb/settings`);
      expect(await page.getByLabel('Default Password').inputValue()).toBe('');
      expect(await page.content()).not.toContain(password);
      await page.context().close();
    });

    it('opens with focus on its heading, its buttons in sight while it scrolls, and each setting explained', async () => {
      const page = await openSettings(true);
      await eventually(async () => expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Settings'));
      await page.getByRole('group', { name: 'Applicant tags for ICT' }).scrollIntoViewIfNeeded();
      for (const name of ['Save', 'Test connection']) expect(await page.getByRole('button', { name, exact: true }).isVisible()).toBe(true);
      for (const label of ['Auto Enrol on Courses', 'Download Diagnostic Assessment Results', 'Log Scheduled Sync API Calls', 'Default Password']) {
        expect(await page.getByLabel(label).getAttribute('aria-describedby')).toBeTruthy();
      }
      await visible(page.getByRole('group', { name: 'Learner tags', exact: true }));
      await visible(page.getByRole('group', { name: 'Applicant tags', exact: true }));
      await visible(page.getByRole('dialog').getByText('Admin Options > Databridge Settings and set Databridge State to Off'));
      await checkPage(page);
      await page.context().close();
    });
  });

  describe('people without a bksb account', () => {
    it('says why a row without an email cannot have an account made, and links a likely bksb user first, warning that Create makes a second', async () => {
      const noEmail = await f.person('learners', { firstName: 'Ffion', lastName: 'Noemail', email: null });
      const email = `cai.${randomUUID().slice(0, 6)}@example.org`;
      f.sandbox.createUser({ username: email });
      await f.person('learners', { firstName: 'Cai', lastName: 'Likely', email });
      const page = await signedIn();
      await page.goto(`${baseUrl}/integrations/bksb/unmatched`);
      const report = page.getByRole('region', { name: 'People without a bksb account' });
      const ffion = report.getByRole('row', { name: /Ffion Noemail/ });
      await visible(ffion.getByText(/No email address, so no bksb account can be made/));
      expect(await ffion.getByRole('link', { name: "Ffion Noemail's page" }).getAttribute('href')).toBe(`/learners/${noEmail}`);
      expect(await ffion.getByRole('button', { name: /Create bksb account/ }).count()).toBe(0);
      const cai = report.getByRole('row', { name: /Cai Likely/ });
      await visible(cai.getByRole('button', { name: `Link suggested account ${email} to Cai Likely` }));
      expect(await cai.getByRole('button', { name: `Link suggested account ${email} to Cai Likely` }).innerText()).toBe('Link suggested account');
      expect(await cai.getByRole('button', { name: 'Create bksb account for Cai Likely' }).getAttribute('class')).toContain('secondary');
      await visible(cai.getByText(`Create makes a second bksb account: bksb already has ${email}.`));
      await checkPage(page);
      await page.context().close();
    });
  });

  describe('every page on a phone', () => {
    it('folds the menu behind Menu, with JavaScript and without', async () => {
      for (const javaScriptEnabled of [true, false]) {
        const page = await signedIn('admin@northfield.test', { viewport: { width: 375, height: 800 }, javaScriptEnabled });
        await page.goto(`${baseUrl}/integrations/bksb`);
        const menu = page.getByRole('navigation', { name: 'Main menu' });
        expect(await menu.getByRole('link', { name: 'Chase list' }).isVisible()).toBe(false);
        await page.getByText('Menu', { exact: true }).click();
        await menu.getByRole('link', { name: 'Chase list' }).click();
        await visible(page.getByRole('heading', { level: 1, name: 'Initial assessments to chase' }));
        const header = await page.locator('header').boundingBox();
        expect(header!.height).toBeLessThan(100);
        await page.context().close();
      }
      const wide = await signedIn('admin@northfield.test');
      await wide.goto(`${baseUrl}/integrations/bksb`);
      for (const name of ['Summary', 'People without an account', 'Chase list', 'Levels', 'Sync runs']) {
        await visible(wide.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name, exact: true }));
      }
      await wide.context().close();
    });

    it('scrolls no page sideways at 375 px, and axe-core finds nothing on any of them at 375 and 1280 px', async () => {
      const person = await linkedLearner('Rhiannon', 'Phone');
      const waiting = await f.person('learners', { firstName: 'Bryn', lastName: 'Waiting', email: `bryn.${randomUUID().slice(0, 6)}@example.org` });
      const job = (await f.as('staff').post(`${B}/bulk-actions`, { action: 'create', people: [{ personType: 'learner', id: waiting }] }).expect(202)).body.id as string;
      const page = await signedIn('admin@northfield.test', { viewport: { width: 375, height: 800 } });
      await syncNow(page);
      const run = new URL(page.url()).pathname;
      const paths = [
        '/integrations/bksb',
        '/integrations/bksb/settings',
        '/integrations/bksb/unmatched',
        '/integrations/bksb/chase-list',
        '/integrations/bksb/levels',
        '/integrations/bksb/sync-runs',
        run,
        `/integrations/bksb/bulk-actions/${job}`,
        '/learners',
        `/learners/${person.id}`,
        '/applicants',
        '/system-logs',
        '/mail-outbox',
      ];
      const wide: string[] = [];
      for (const path of paths) {
        await page.setViewportSize({ width: 375, height: 800 });
        await page.goto(`${baseUrl}${path}`);
        const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
        if (layout.scrollWidth > layout.width) wide.push(`${path}: ${layout.scrollWidth} > ${layout.width}`);
        await checkPage(page, [375, 1280]);
      }
      expect(wide).toEqual([]);
      await page.context().close();
    }, 120_000);
  });

  describe('the chase list', () => {
    it('sends login details to the three people chosen, once each, and shows their emails and how long they have waited', async () => {
      const names = ['Alaw', 'Berwyn', 'Carys', 'Dyfed'];
      const people: Array<{ id: string; email: string }> = [];
      for (const name of names) {
        const email = `${name.toLowerCase()}.${randomUUID().slice(0, 6)}@example.org`;
        const id = await f.person('learners', { firstName: name, lastName: 'Chase', email });
        await f.as('staff').post(`${B}/learners/${id}/account`, {}).expect(201);
        people.push({ id, email });
      }
      const sentTo = (email: string) => f.smtp!.received.filter((message) => message.includes(email)).length;
      // Whatever account creation sent (with Auto Send Login Details on) has arrived before counting.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const before = people.map((person) => sentTo(person.email));

      const page = await signedIn();
      await page.goto(`${baseUrl}/integrations/bksb/chase-list`);
      const table = page.getByRole('region', { name: 'People to chase' });
      const alaw = table.getByRole('row', { name: /Alaw Chase/ });
      await visible(alaw.getByRole('cell', { name: people[0].email }));
      expect(await alaw.getByRole('cell', { name: /^Under a day \(since \d{1,2} \w+ \d{4}\)$/ }).count()).toBe(1);
      for (const name of names.slice(0, 3)) await table.getByRole('checkbox', { name: `Choose ${name} Chase` }).check();
      await page.getByRole('button', { name: 'Send login details', exact: true }).click();
      await visible(page.getByRole('status').getByText('Login details queued for 3 people.'));
      await eventually(async () => expect(people.map((person) => sentTo(person.email))).toEqual([before[0] + 1, before[1] + 1, before[2] + 1, before[3]]), 15_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(people.map((person) => sentTo(person.email))).toEqual([before[0] + 1, before[1] + 1, before[2] + 1, before[3]]);
      await checkPage(page);

      const csv = await (await page.request.get(`${baseUrl}/integrations/bksb/chase-list?format=csv`)).text();
      expect(csv.split('\r\n')[0]).toContain('Type,Email,English');
      expect(csv).toContain(people[0].email);
      await page.context().close();
    }, 60_000);
  });

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
        // Why: every person failed (or, after many in a row, bksb counted as unreachable and the run stopped).
        await visible(page.getByRole('alert').getByText(/Every person this run checked failed|could not be reached/));
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
