import { Clock } from '@picsweb/common';
import request from 'supertest';
import { PeopleService } from '../../apps/picsweb/src/people/people.service';
import { browserAgent } from '../support/browser-agent';
import { seedIdentity, TEST_PASSWORD, TestIdentity } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';

/** The edges a hostile probe found (issue 28): letter case, control characters, the sign-in form, cookies, page sessions. */
describe('security edges', () => {
  let testApp: TestApp;
  let identity: TestIdentity;

  beforeAll(async () => {
    testApp = await startTestApp();
    identity = await seedIdentity(testApp.app);
  });

  afterAll(() => testApp.close());

  afterEach(() => jest.restoreAllMocks());

  const errorLines = () => testApp.logger.lines.filter((line) => /"level":"error"|ERROR/.test(line));

  it.each(['/API/me', '/Api/me'])('never signs %s in with the page cookie: routes match the letter case', async (path) => {
    const browser = browserAgent(testApp);
    await browser.signIn('admin@northfield.test');
    const answer = await browser.get(path);
    // No route: the page frame's "not found", never the API's JSON of the signed-in user.
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.text).not.toContain('"organisationId"');
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('answers no route for the sign-in in another letter case, and keeps every API answer out of caches', async () => {
    const http = request(testApp.app.getHttpServer());
    const shouted = await http.post('/API/auth/login').send({ email: 'admin@northfield.test', password: TEST_PASSWORD });
    expect(shouted.status).toBe(404);
    expect(shouted.text).not.toContain('accessToken');
    const login = await http.post('/api/auth/login').send({ email: 'admin@northfield.test', password: TEST_PASSWORD }).expect(200);
    expect(login.headers['cache-control']).toBe('no-store');
  });

  describe('control characters', () => {
    const NUL = 'a\u0000b';

    it.each([
      ['the API sign-in', () => request(testApp.app.getHttpServer()).post('/api/auth/login').send({ email: `${NUL}@x.test`, password: 'x' }), 'email'],
      ['a learner added', () => request(testApp.app.getHttpServer()).post('/api/learners').set('authorization', `Bearer ${identity.tokens.staff}`).send({ firstName: NUL, lastName: 'Khan' }), 'firstName'],
      ['a search', () => request(testApp.app.getHttpServer()).get('/api/learners?search=a%00b').set('authorization', `Bearer ${identity.tokens.staff}`), 'search'],
      ['an id in the path', () => request(testApp.app.getHttpServer()).get('/api/learners/a%00b').set('authorization', `Bearer ${identity.tokens.staff}`), 'id'],
      ['a line break', () => request(testApp.app.getHttpServer()).post('/api/learners').set('authorization', `Bearer ${identity.tokens.staff}`).send({ firstName: 'Amira', lastName: 'Kh\nan' }), 'lastName'],
    ])('refuses them in %s with 400 naming the field', async (_name, send, field) => {
      const answer = await send();
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ field, message: `${field} must not contain control characters (such as a NUL byte or a line break).` }]);
      expect(errorLines()).toEqual([]);
    });

    it.each([
      ['/learners?search=a%00b', 'search'],
      ['/learners/a%00b', 'id'],
      ['/system-logs?source=a%00b', 'source'],
    ])('refuses them on the page %s with 400 naming the field', async (path, field) => {
      const browser = browserAgent(testApp);
      await browser.signIn('admin@northfield.test');
      const answer = await browser.get(path);
      expect(answer.status).toBe(400);
      expect(answer.text).toContain(`Some fields are not valid: ${field}.`);
      expect(answer.text).not.toContain('\u0000');
      expect(errorLines()).toEqual([]);
    });

    it('refuses them in a page form, before anything is stored', async () => {
      const browser = browserAgent(testApp);
      await browser.signIn('staff@northfield.test');
      const form = await browser.get('/learners/new');
      const answer = await browser.post('/learners/new', { _csrf: browser.csrfOf(form.text), firstName: NUL, lastName: 'Khan', systemStatus: 'active', learningStatus: 'active' });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('Some fields are not valid: firstName.');
      const stored = await testApp.app.get(PeopleService).list(identity.organisationId, 'learner', { search: 'Khan' });
      expect(stored.items).toEqual([]);
      const signIn = await browserAgent(testApp).signIn(`${NUL}@x.test`);
      expect(signIn.status).toBe(400);
    });
  });

  it('checks the sign-in form with the API\'s LoginDto: an email too long to be one is 400, like the API, and reaches no throttle', async () => {
    const browser = browserAgent(testApp);
    const email = `${'a'.repeat(99_000)}@x.test`;
    const answer = await browser.signIn(email, 'wrong-password-here');
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('Email must be at most 320 characters.');
    await request(testApp.app.getHttpServer()).post('/api/auth/login').send({ email, password: 'x' }).expect(400);
  });

  it('names the session and visitor cookies __Host- outside the demo, and takes no cookie without the prefix', async () => {
    const browser = browserAgent(testApp);
    const form = await browser.get('/login');
    expect(form.headers['set-cookie']).toEqual([expect.stringMatching(/^__Host-picsweb_visitor=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/)]);
    const signedIn = await browser.signIn('staff@northfield.test');
    const cookies = signedIn.headers['set-cookie'] as unknown as string[];
    expect(cookies).toContainEqual(expect.stringMatching(/^__Host-picsweb_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/));
    const session = browser.jar.get('__Host-picsweb_session');
    const http = request(testApp.app.getHttpServer());
    await http.get('/learners').set('cookie', `__Host-picsweb_session=${session}`).expect(200);
    await http.get('/learners').set('cookie', `picsweb_session=${session}`).expect(303);
  });

  describe('page sessions', () => {
    let sessionApp: TestApp;

    beforeAll(async () => {
      sessionApp = await startTestApp({ env: { AUTH_TOKEN_TTL_SECONDS: '60', SESSION_MAX_HOURS: '1' } });
      await seedIdentity(sessionApp.app);
    });

    afterAll(() => sessionApp.close());

    /** A clock the test moves on. */
    function movableClock() {
      const clock = sessionApp.app.get(Clock);
      let now = clock.now().getTime();
      jest.spyOn(clock, 'now').mockImplementation(() => new Date(now));
      return { advance: (ms: number) => (now += ms) };
    }

    it('counts the idle time from the last use: a user active every 40 s for 3 minutes stays signed in, then 61 s idle ends it', async () => {
      const browser = browserAgent(sessionApp);
      await browser.signIn('staff@northfield.test');
      const clock = movableClock();
      for (let i = 0; i < 5; i += 1) {
        clock.advance(40_000);
        expect((await browser.get('/learners')).status).toBe(200);
      }
      clock.advance(61_000);
      expect((await browser.get('/learners')).status).toBe(303);
    });

    it('ends a session SESSION_MAX_HOURS after sign-in, however steadily it is used', async () => {
      const browser = browserAgent(sessionApp);
      await browser.signIn('staff@northfield.test');
      const clock = movableClock();
      for (let minutes = 0.5; minutes < 60; minutes += 0.5) {
        clock.advance(30_000);
        expect((await browser.get('/learners')).status).toBe(200);
      }
      clock.advance(31_000);
      const ended = await browser.get('/learners');
      expect([ended.status, ended.headers.location]).toEqual([303, '/login?next=%2Flearners']);
      // Signing in again starts a new session.
      await browser.signIn('staff@northfield.test');
      expect((await browser.get('/learners')).status).toBe(200);
    });
  });
});
