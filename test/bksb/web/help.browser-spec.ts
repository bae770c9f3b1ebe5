import { Page } from 'playwright-core';
import request from 'supertest';
import { BksbFixture, startBksbFixture } from '../../support/bksb-fixture';
import { absent, baseUrlOf, checkPage, describeInBrowser, useBrowser, visible } from '../../web/support/browser';

/** The Help page: the bksb part of docs/user-guide.md, opened from every bksb page, at a phone's and a desktop's width. */
describeInBrowser('the bksb Help page in Chromium', () => {
  let f: BksbFixture;
  let baseUrl: string;
  let learnerId: string;
  const { signedIn } = useBrowser(() => baseUrl);

  beforeAll(async () => {
    f = await startBksbFixture();
    baseUrl = await baseUrlOf(f.testApp.app);
    learnerId = await f.person('learners', { firstName: 'Hana', lastName: 'Helpful', email: 'hana.helpful@example.org' });
  }, 60_000);

  afterAll(async () => {
    await f?.close();
  });

  const opensHelp = async (page: Page) => {
    await page.waitForURL((url) => url.pathname === '/integrations/bksb/help');
    await visible(page.getByRole('heading', { level: 1, name: 'bksb Integration: user guide' }));
  };

  it.each([
    ['the Summary', '/integrations/bksb', (page: Page) => page.getByRole('main').getByRole('link', { name: 'Help', exact: true }).first()],
    ['the Settings window', '/integrations/bksb/settings', (page: Page) => page.getByRole('dialog').getByRole('link', { name: 'Help', exact: true })],
    ['the person panel', '/learners/:id', (page: Page) => page.getByRole('region', { name: 'bksb' }).getByRole('link', { name: 'Help', exact: true })],
    ['the unmatched report', '/integrations/bksb/unmatched', (page: Page) => page.getByRole('main').getByRole('link', { name: 'Help', exact: true }).first()],
    ['the chase list', '/integrations/bksb/chase-list', (page: Page) => page.getByRole('main').getByRole('link', { name: 'Help', exact: true }).first()],
    ['the levels', '/integrations/bksb/levels', (page: Page) => page.getByRole('main').getByRole('link', { name: 'Help', exact: true }).first()],
  ])('opens from %s', async (_where, path, helpLink) => {
    const page = await signedIn('admin@northfield.test');
    await page.goto(`${baseUrl}${path.replace(':id', learnerId)}`);
    await helpLink(page).click();
    await opensHelp(page);
    await page.context().close();
  });

  it('shows the guide with its pictures, accessible and fitting at 375 and 1280 px, for staff too', async () => {
    const page = await signedIn('staff@northfield.test');
    await page.goto(`${baseUrl}/integrations/bksb/help`);
    await visible(page.getByRole('heading', { level: 2, name: 'Fill in Settings' }));
    // The part for PICS support stays in the file; the page links to nothing outside the app but https addresses.
    await absent(page.getByRole('heading', { name: 'For PICS support' }));
    await absent(page.getByRole('main').getByRole('link', { name: 'Help', exact: true }));
    const pictures = await page.getByRole('main').getByRole('img').evaluateAll((images) =>
      (images as HTMLImageElement[]).map((image) => ({ src: new URL(image.src).pathname, alt: image.alt, loaded: image.complete && image.naturalWidth > 0 })),
    );
    expect(pictures.length).toBeGreaterThan(5);
    for (const image of await page.getByRole('main').getByRole('img').all()) await image.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('main img')).every((image) => (image as HTMLImageElement).complete));
    const loaded = await page.getByRole('main').getByRole('img').evaluateAll((images) => (images as HTMLImageElement[]).filter((image) => image.naturalWidth === 0).map((image) => image.src));
    expect(loaded).toEqual([]);
    expect(pictures.every((picture) => picture.src.startsWith('/integrations/bksb/help/screenshots/') && picture.alt !== '')).toBe(true);
    await checkPage(page, [375, 1280]);
    // A link to a heading of the guide goes there.
    await page.getByRole('link', { name: 'Fill in Settings' }).first().click();
    expect(new URL(page.url()).hash).toBe('#fill-in-settings');
    await page.context().close();
  });

  it('serves only the pictures the guide shows, to those who may read it', async () => {
    const page = await signedIn('staff@northfield.test');
    const picture = await page.request.get(`${baseUrl}/integrations/bksb/help/screenshots/guide-summary.png`);
    expect(picture.status()).toBe(200);
    expect(picture.headers()['content-type']).toBe('image/png');
    expect((await page.request.get(`${baseUrl}/integrations/bksb/help/screenshots/learners.png`)).status()).toBe(404);
    expect((await page.request.get(`${baseUrl}/integrations/bksb/help/screenshots/..%2F..%2Fpackage.json`)).status()).toBe(404);
    await page.context().close();
    const anonymous = await request(f.testApp.app.getHttpServer()).get('/integrations/bksb/help');
    expect(anonymous.status).toBe(303);
    await request(f.testApp.app.getHttpServer()).get('/api/integrations/bksb/help').set('authorization', `Bearer ${f.identity.tokens.staff}`).expect(404);
  });

  it('shows an organisation without the licence the licence message, and no Help link', async () => {
    const page = await signedIn('admin@southbank.test');
    const answer = await page.goto(`${baseUrl}/integrations/bksb/help`);
    expect(answer?.status()).toBe(403);
    await visible(page.getByText('bksb Integration is not licensed for this organisation. Contact PICS support to enable it.'));
    await absent(page.getByRole('link', { name: 'Help', exact: true }));
    await page.context().close();
  });
});
