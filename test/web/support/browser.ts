import { readFileSync, existsSync } from 'node:fs';
import { Browser, BrowserContextOptions, chromium, Locator, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../support/identity';

/** Debian's chromium (installed by .ci/run); playwright's own browsers cannot be downloaded here. */
export const CHROMIUM_PATH = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)) ?? null;

/**
 * `describe` for browser tests: skipped, and said so, when chromium is missing; a
 * failure instead under `npm run test:browser` (REQUIRE_BROWSER=1).
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (CHROMIUM_PATH) return describe(name, body);
  if (process.env.REQUIRE_BROWSER === '1') {
    describe(name, () => {
      it('needs chromium', () => {
        throw new Error('Chromium is not installed: apt-get install -y chromium (the browser tests cannot run without it).');
      });
    });
    return;
  }
  process.stderr.write(`\nSKIPPED browser tests "${name}": chromium is not installed (apt-get install -y chromium).\n`);
  describe.skip(name, body);
}

export async function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH!, args: ['--no-sandbox'] });
}

export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  // Fail where a control is missing, not at the test's timeout.
  context.setDefaultTimeout(5000);
  return context.newPage();
}

/**
 * Chromium for a test file: launched before its tests and closed after them; each
 * `signedIn` page has its own context (cookies), signed in as the given user.
 */
export function useBrowser(baseUrl: () => string) {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    signedIn: async (email = 'staff@northfield.test', options: BrowserContextOptions = {}): Promise<Page> => {
      const page = await newPage(browser, options);
      await signIn(page, baseUrl(), email);
      return page;
    },
    newPage: (options: BrowserContextOptions = {}) => newPage(browser, options),
  };
}

/** The address a browser uses for an app listening on loopback. */
export async function baseUrlOf(app: { getUrl(): Promise<string> }): Promise<string> {
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

/** Fills in the sign-in form; resolves when the answer (the next page, or the form again) has loaded. */
export async function signIn(page: Page, baseUrl: string, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
  await page.waitForLoadState('load');
}

/** Retries an assertion until it holds (pages change after clicks) or 5 s have passed. */
export async function eventually(assertion: () => Promise<void> | void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 5000 });
}

export async function absent(locator: Locator): Promise<void> {
  await eventually(async () => expect(await locator.count()).toBe(0));
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core in the page: no violation of any impact. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  const found = violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect({ url: page.url(), violations: found }).toEqual({ url: page.url(), violations: [] });
}

/** Checks the current page as people see it: accessible, one <h1>, and nothing wider than the screen at 360, 375 and 1280 px (or the widths given). */
export async function checkPage(page: Page, widths: number[] = [360, 375, 1280]): Promise<void> {
  const original = page.viewportSize();
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page);
    const layout = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      headings: document.querySelectorAll('h1').length,
    }));
    expect({ url: page.url(), width, ...layout }).toEqual({ url: page.url(), width, overflow: 0, headings: 1 });
  }
  if (original) await page.setViewportSize(original);
}
