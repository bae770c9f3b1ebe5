import express from 'express';
import request from 'supertest';
import { securityHeaders } from '../../apps/picsweb/src/web/security-headers';
import { seedIdentity, TEST_PASSWORD, TestIdentity } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';

describe('security headers and the API docs (production)', () => {
  let testApp: TestApp;
  let identity: TestIdentity;
  const http = () => request(testApp.app.getHttpServer());

  beforeAll(async () => {
    testApp = await startTestApp();
    identity = await seedIdentity(testApp.app);
  });

  afterAll(() => testApp.close());

  it.each([
    ['an API answer', () => http().get('/api/me').set('authorization', `Bearer ${identity.tokens.admin}`), 200],
    ['an API error', () => http().get('/api/learners/nobody').set('authorization', `Bearer ${identity.tokens.admin}`), 404],
    ['a refused API call', () => http().get('/api/me'), 401],
    ['the sign-in answer with its token', () => http().post('/api/auth/login').send({ email: 'staff@northfield.test', password: TEST_PASSWORD }), 200],
    ['a page', () => http().get('/login'), 200],
  ])('sends helmet\'s headers, HSTS and Cache-Control: no-store on %s', async (_what, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'cache-control': 'no-store',
      'strict-transport-security': expect.stringMatching(/^max-age=\d{7,}; includeSubDomains$/),
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('serves no OpenAPI document or page unless API_DOCS=true', async () => {
    await http().get('/api/docs-json').expect(404);
    await http().get('/api/docs').expect(404);
  });

  it('serves them with API_DOCS=true', async () => {
    const withDocs = await startTestApp({ env: { API_DOCS: 'true' } });
    try {
      const document = await request(withDocs.app.getHttpServer()).get('/api/docs-json').expect(200);
      expect(document.body.openapi).toMatch(/^3\./);
      expect(document.body.paths['/api/auth/login']).toBeDefined();
      await request(withDocs.app.getHttpServer()).get('/api/docs').expect(200).expect('content-type', /html/);
    } finally {
      await withDocs.close();
    }
  });

  it('sends no HSTS in the demo, which serves plain http on loopback', async () => {
    const answer = (mode: 'demo' | 'production') =>
      request(
        express()
          .use(securityHeaders(mode))
          .get('/api/x', (_request, response) => void response.json({})),
      ).get('/api/x');
    const demo = await answer('demo');
    expect(demo.headers['strict-transport-security']).toBeUndefined();
    expect(demo.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    expect((await answer('production')).headers['strict-transport-security']).toBeDefined();
  });
});
