import { browserAgent } from '../support/browser-agent';
import { seedIdentity } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';

/** The plugin's edges a hostile probe found (issue 28): letter case, names inherited from Object.prototype. */
describe('bksb security edges', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
    await seedIdentity(testApp.app);
  });

  afterAll(() => testApp.close());

  it('never answers the settings API to the page cookie in another letter case', async () => {
    const browser = browserAgent(testApp);
    await browser.signIn('admin@northfield.test');
    const answer = await browser.get('/API/integrations/bksb/settings');
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.text).not.toContain('"integrationEnabled"');
  });

  it.each(['remove:constructor:x', 'add:__proto__', 'add:toString', 'remove:hasOwnProperty:1', 'add:'])(
    'refuses the Settings window action %s with 400 naming the field, without an error',
    async (action) => {
      const browser = browserAgent(testApp);
      await browser.signIn('admin@northfield.test');
      const window = await browser.get('/integrations/bksb/settings');
      const answer = await browser.post('/integrations/bksb/settings', { _csrf: browser.csrfOf(window.text), action });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('Some fields are not valid: action.');
      expect(testApp.logger.lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
    },
  );
});
