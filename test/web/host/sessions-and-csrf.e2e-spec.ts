import request from 'supertest';
import { Clock } from '@picsweb/common';
import { DataSource } from 'typeorm';
import { PeopleService } from '../../../apps/picsweb/src/people/people.service';
import { RetentionService } from '../../../apps/picsweb/src/retention/retention.service';
import { TagsService } from '../../../apps/picsweb/src/tags/tags.service';
import { seedIdentity, TEST_PASSWORD, TestIdentity } from '../../support/identity';
import { browserAgent } from '../../support/browser-agent';
import { startTestApp, TestApp } from '../../support/test-app';

describe('page sessions, CSRF and headers', () => {
  let testApp: TestApp;
  let identity: TestIdentity;
  let learnerId: string;
  let tagId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    identity = await seedIdentity(testApp.app);
    learnerId = (await testApp.app.get(PeopleService).create(identity.organisationId, 'learner', { firstName: 'Amira', lastName: 'Khan' })).id;
    tagId = (await testApp.app.get(TagsService).create(identity.organisationId, 'FS English Assessed')).id;
  });

  afterAll(() => testApp.close());

  it('sends pages that need a session to sign-in, and back after it', async () => {
    const browser = browserAgent(testApp);
    const first = await browser.get('/learners?search=amira');
    expect([first.status, first.headers.location]).toEqual([303, '/login?next=%2Flearners%3Fsearch%3Damira']);
    const signedIn = await browser.signIn('staff@northfield.test', TEST_PASSWORD, '/learners?search=amira');
    expect([signedIn.status, signedIn.headers.location]).toEqual([303, '/learners?search=amira']);
    const cookie = signedIn.headers['set-cookie'] as unknown as string[];
    expect(cookie.find((c) => c.startsWith('__Host-picsweb_session='))).toMatch(/HttpOnly; Secure; SameSite=Lax/);
    const page = await browser.get('/learners?search=amira');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Amira Khan');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example'])('never redirects off the site after sign-in (%s)', async (next) => {
    const response = await browserAgent(testApp).signIn('staff@northfield.test', TEST_PASSWORD, next);
    expect([response.status, response.headers.location]).toEqual([303, '/']);
  });

  it('stores only a hash of the session id, and makes a new one at each sign-in', async () => {
    const browser = browserAgent(testApp);
    await browser.signIn('staff@northfield.test');
    const first = browser.jar.get('__Host-picsweb_session');
    // Signing in again from the same browser (e.g. as another user) replaces the session.
    const token = browser.csrfOf((await browser.get('/learners')).text);
    expect((await browser.post('/login', { email: 'admin@northfield.test', password: TEST_PASSWORD, _csrf: token })).status).toBe(303);
    const second = browser.jar.get('__Host-picsweb_session');
    expect(first).toBeDefined();
    expect(second).not.toEqual(first);
    const rows: Array<{ id_hash: string }> = await testApp.app.get(DataSource).query('SELECT id_hash FROM sessions');
    expect(rows.map((row) => row.id_hash)).not.toContain(first);
    expect(rows.map((row) => row.id_hash)).not.toContain(second);
    // The first session ended when the second began in the same browser.
    await request(testApp.app.getHttpServer()).get('/learners').set('cookie', `__Host-picsweb_session=${first}`).expect(303);
  });

  it('refuses a form without its CSRF token, or with another session\'s, and changes nothing', async () => {
    const staff = browserAgent(testApp);
    await staff.signIn('staff@northfield.test');
    const admin = browserAgent(testApp);
    await admin.signIn('admin@northfield.test');
    const adminToken = admin.csrfOf((await admin.get('/learners')).text);
    expect(adminToken).not.toBe('');
    expect((await staff.post(`/learners/${learnerId}/tags`, { tagId })).status).toBe(403);
    expect((await staff.post(`/learners/${learnerId}/tags`, { tagId, _csrf: adminToken })).status).toBe(403);
    expect((await staff.post(`/learners/${learnerId}/tags`, { tagId }, { 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    expect((await testApp.app.get(PeopleService).get(identity.organisationId, 'learner', learnerId)).tags).toEqual([]);
    const ownToken = staff.csrfOf((await staff.get(`/learners/${learnerId}`)).text);
    expect((await staff.post(`/learners/${learnerId}/tags`, { tagId }, { 'x-csrf-token': ownToken })).status).toBe(303);
    expect((await testApp.app.get(PeopleService).get(identity.organisationId, 'learner', learnerId)).tags).toHaveLength(1);
  });

  it('never lets a page cookie call the API, which still takes bearer tokens', async () => {
    const browser = browserAgent(testApp);
    await browser.signIn('staff@northfield.test');
    expect(browser.jar.has('__Host-picsweb_session')).toBe(true);
    expect((await browser.get('/api/learners')).status).toBe(401);
    await request(testApp.app.getHttpServer()).get('/api/learners').set('authorization', `Bearer ${identity.tokens.staff}`).expect(200);
  });

  it('leaves API answers out of page sessions: no visitor cookie, no session cookie cleared', async () => {
    const http = request(testApp.app.getHttpServer());
    const plain = await http.get('/api/health').expect(200);
    const staleSession = await http.get('/api/health').set('cookie', '__Host-picsweb_session=gone').expect(200);
    expect([plain.headers['set-cookie'], staleSession.headers['set-cookie']]).toEqual([undefined, undefined]);
  });

  it('ends a session left idle for longer than AUTH_TOKEN_TTL_SECONDS', async () => {
    const browser = browserAgent(testApp);
    await browser.signIn('staff@northfield.test');
    expect((await browser.get('/learners')).status).toBe(200);
    const clock = testApp.app.get(Clock);
    const realNow = clock.now.bind(clock);
    const later = new Date(realNow().getTime() + (testApp.config.authTokenTtlSeconds + 60) * 1000);
    jest.spyOn(clock, 'now').mockImplementation(() => later);
    try {
      expect((await browser.get('/learners')).status).toBe(303);
    } finally {
      jest.restoreAllMocks();
    }
    expect((await browser.get('/learners')).status).toBe(303);
  });

  it('throttles sign-in like the API, and says when to try again', async () => {
    const browser = browserAgent(testApp);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const failed = await browser.signIn('throttled@northfield.test', 'wrong password');
      expect(failed.status).toBe(401);
      expect(failed.text).toContain('Invalid email or password');
    }
    const throttled = await browser.signIn('throttled@northfield.test', 'wrong password');
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toMatch(/^\d+$/);
    expect(throttled.text).toMatch(/Too many failed sign-in attempts. Wait \d+ seconds, then try again./);
  });

  it('prunes sessions idle past their expiry with the daily retention run', async () => {
    const browser = browserAgent(testApp);
    await browser.signIn('staff@northfield.test');
    const count = async () => Number((await testApp.app.get(DataSource).query('SELECT COUNT(*) AS n FROM sessions'))[0].n);
    const before = await count();
    expect(before).toBeGreaterThan(0);
    const clock = testApp.app.get(Clock);
    const later = new Date(clock.now().getTime() + (testApp.config.authTokenTtlSeconds + 60) * 1000);
    jest.spyOn(clock, 'now').mockImplementation(() => later);
    try {
      expect((await testApp.app.get(RetentionService).prune()).sessions).toBe(before);
    } finally {
      jest.restoreAllMocks();
    }
    expect(await count()).toBe(0);
  });

  it('sends a Content-Security-Policy without inline script or style, and refuses framing', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/login').expect(200);
    const policy = response.headers['content-security-policy'];
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-inline');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.text).not.toMatch(/<script>|style="/);
  });

  it('shows a 500 page with only the request id', async () => {
    const browser = browserAgent(testApp);
    await browser.signIn('admin@northfield.test');
    jest.spyOn(testApp.app.get(PeopleService), 'list').mockRejectedValueOnce(new Error('SELECT secret FROM somewhere'));
    const response = await browser.get('/learners');
    expect(response.status).toBe(500);
    expect(response.text).toContain('Something went wrong');
    expect(response.text).toMatch(/Request id: <code>[0-9a-f-]{36}<\/code>/);
    expect(response.text).not.toContain('SELECT secret');
  });
});
