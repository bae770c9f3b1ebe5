// Writes PNGs of the main pages, and the user guide's pictures (guide-*.png, shown by docs/user-guide.md
// and the in-app Help), from the demo data, to docs/screenshots/ (`npm run screenshots`).
// Starts the built demo on a free port with its own throw-away data folder, so it never
// touches data/; needs Debian's chromium (apt-get install -y chromium).
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, mkdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { chromium } = require('playwright-core');

const OUT = join(__dirname, '..', 'docs', 'screenshots');
const MAIN = join(__dirname, '..', 'dist', 'apps', 'picsweb', 'apps', 'picsweb', 'src', 'main.js');

function startDemo(dataDir) {
  const child = spawn(process.execPath, [MAIN, '--demo'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_FORMAT: 'text' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /serving on (http:\/\/\S+?);/.exec(output);
      if (match) resolve({ child, url: match[1].replace('localhost', '127.0.0.1') });
    });
    child.on('exit', (code) => reject(new Error(`The demo stopped (exit ${code}) before serving:\n${output}`)));
  });
}

/** A part of a page (a section, the bksb panel, a dialog) on its own. */
async function shootPart(locator, name) {
  await locator.scrollIntoViewIfNeeded();
  await locator.screenshot({ path: join(OUT, `${name}.png`) });
  process.stdout.write(`wrote docs/screenshots/${name}.png\n`);
}

const section = (page, heading) => page.locator('section').filter({ has: page.getByRole('heading', { name: heading, exact: true }) }).first();

async function openPerson(page, url, search, name) {
  await page.goto(`${url}/learners?search=${encodeURIComponent(search)}`);
  await page.getByRole('link', { name }).click();
}

/**
 * The user guide's pictures, task by task, in the order a college meets them. Runs after the
 * pictures above (Amira is linked by then); breaks the keys on purpose last, for the problem banner.
 */
async function userGuide(admin, url, shoot) {
  await admin.goto(`${url}/integrations/bksb`);
  await shootPart(section(admin, 'Integration Information'), 'guide-summary-information');

  await admin.goto(`${url}/integrations/bksb/settings`);
  await shootPart(admin.getByRole('dialog'), 'guide-settings');
  // Test connection answers inside the window (the page script): wait for its answer, shown where the window starts.
  const tested = async (words) => {
    await admin.locator('#connection-result').getByText(words).waitFor({ timeout: 30000 });
    await admin.locator('#settings-feedback').scrollIntoViewIfNeeded();
  };
  await admin.getByRole('button', { name: 'Test connection' }).click();
  await tested('Connection works.');
  await shoot(admin, 'guide-settings-test-connection', false);
  await admin.getByLabel('API Secret Key').fill('not-the-secret-key');
  await admin.getByRole('button', { name: 'Test connection' }).click();
  await tested('Connection failed.');
  await shoot(admin, 'guide-settings-wrong-keys', false);

  await admin.goto(`${url}/integrations/bksb/unmatched`);
  await shoot(admin, 'guide-unmatched');
  await admin.getByRole('radio', { name: /^All matching/ }).check();
  await admin.getByRole('button', { name: 'Link suggested accounts' }).click();
  await admin.getByText(/^(Succeeded|Partly failed|Failed)$/).first().waitFor({ timeout: 60000 }).catch(() => undefined);
  await admin.waitForTimeout(2500);
  await admin.reload();
  await shoot(admin, 'guide-bulk-job');

  await openPerson(admin, url, 'ben', 'Ben Carter');
  await shootPart(section(admin, 'bksb'), 'guide-person-no-account');
  await section(admin, 'bksb').getByRole('button', { name: 'Create bksb account' }).click();
  await shoot(admin, 'guide-create-account', false);
  await admin.getByRole('button', { name: 'Create in bksb' }).click();
  await admin.waitForURL((next) => next.pathname.startsWith('/learners/'));
  await shootPart(section(admin, 'bksb'), 'guide-person-new-account');

  await openPerson(admin, url, 'amira', 'Amira Khan');
  await shootPart(section(admin, 'bksb'), 'guide-person-panel');

  await admin.goto(`${url}/integrations/bksb`);
  await admin.getByRole('button', { name: 'Sync now' }).click();
  await admin.getByText('Succeeded').or(admin.getByText('Partly failed')).first().waitFor({ timeout: 60000 });
  await shoot(admin, 'guide-sync-run');
  await admin.goto(`${url}/integrations/bksb/sync-runs`);
  await shoot(admin, 'guide-sync-runs');
  await admin.goto(`${url}/integrations/bksb`);
  await shoot(admin, 'guide-summary');

  await admin.goto(`${url}/integrations/bksb/chase-list`);
  await shoot(admin, 'guide-chase-list');
  await admin.goto(`${url}/integrations/bksb/levels`);
  await shoot(admin, 'guide-levels');
  // Amira, Daniel and Isla have finished English and Maths diagnostics in the sandbox: linked and synced by now, so their breakdowns are here.
  await openPerson(admin, url, 'amira', 'Amira Khan');
  await shootPart(section(admin, 'Skills to work on'), 'guide-skills-panel');
  await admin.goto(`${url}/integrations/bksb/skills`);
  // A number chosen, so the page lists its people too.
  const gaps = admin.getByRole('link', { name: /below the level assessed in .*: list them$/ });
  if (await gaps.count()) await gaps.first().click();
  await shoot(admin, 'guide-skills');
  // Last: keys bksb refuses, saved, then a sync, so the Summary shows the problem banner.
  await admin.goto(`${url}/integrations/bksb/settings`);
  await admin.getByLabel('API Secret Key').fill('not-the-secret-key');
  await admin.getByRole('button', { name: 'Save', exact: true }).click();
  await admin.goto(`${url}/integrations/bksb`);
  await admin.getByRole('button', { name: 'Sync now' }).click();
  await admin.getByText('Failed').first().waitFor({ timeout: 60000 });
  await admin.goto(`${url}/integrations/bksb`);
  await shootPart(admin.getByRole('alert').first(), 'guide-problem-banner');

  // The Help page shows the pictures above, so it comes after them.
  await admin.goto(`${url}/integrations/bksb/help`);
  await shoot(admin, 'bksb-help', false);
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'picsweb-screenshots-'));
  mkdirSync(OUT, { recursive: true });
  const { child, url } = await startDemo(dataDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const shoot = async (page, name, fullPage = true) => {
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
      process.stdout.write(`wrote docs/screenshots/${name}.png\n`);
    };
    const signedIn = async (email, width) => {
      const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await page.goto(`${url}/login`);
      if (email === null) return page;
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('demo-password');
      await Promise.all([page.waitForURL((next) => next.pathname !== '/login'), page.getByRole('button', { name: 'Sign in' }).click()]);
      return page;
    };

    await shoot(await signedIn(null, 1280), 'sign-in');
    const admin = await signedIn('admin@northfield.test', 1280);
    await shoot(admin, 'learners');
    await admin.goto(`${url}/integrations/bksb/unmatched`);
    await shoot(admin, 'bksb-unmatched');
    // Amira has a bksb user with results in the sandbox: link her so her panel has something to show.
    await admin.goto(`${url}/learners?search=amira`);
    await admin.getByRole('link', { name: 'Amira Khan' }).click();
    const link = admin.getByRole('button', { name: 'Link existing account' });
    if (await link.count()) await link.click();
    await shoot(admin, 'learner-bksb-panel');
    await admin.goto(`${url}/integrations/bksb`);
    await admin.getByRole('button', { name: 'Sync now' }).click();
    await admin.getByText('Succeeded').or(admin.getByText('Partly failed')).first().waitFor({ timeout: 30000 });
    await shoot(admin, 'bksb-sync-run');
    await admin.goto(`${url}/integrations/bksb`);
    await shoot(admin, 'bksb-summary');
    await admin.goto(`${url}/integrations/bksb/settings`);
    await shoot(admin, 'bksb-settings', false);
    await admin.getByRole('group', { name: 'Learner tags for English' }).scrollIntoViewIfNeeded();
    await shoot(admin, 'bksb-settings-tags', false);
    const phone = await signedIn('admin@northfield.test', 375);
    await phone.goto(`${url}/integrations/bksb`);
    await shoot(phone, 'bksb-summary-phone');
    await phone.goto(`${url}/learners?search=amira`);
    await phone.getByRole('link', { name: 'Amira Khan' }).click();
    await shoot(phone, 'learner-bksb-panel-phone');
    await phone.goto(`${url}/integrations/bksb/unmatched`);
    await shoot(phone, 'bksb-unmatched-phone');
    const support = await signedIn('support@pics.test', 1280);
    await shoot(support, 'support-organisations');
    await userGuide(await signedIn('admin@northfield.test', 1280), url, shoot);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
