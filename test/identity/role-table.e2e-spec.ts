import request from 'supertest';
import { seedIdentity, TestIdentity } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';

type Caller = 'admin' | 'staff' | 'support';
interface RouteCase {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: (identity: TestIdentity) => string;
  body?: object;
  allowed: Caller[];
}

/** API.md's role table, one row per route that exists. */
const ROUTES: RouteCase[] = [
  { method: 'get', path: () => '/api/me', allowed: ['admin', 'staff', 'support'] },
  { method: 'get', path: () => '/api/support/organisations', allowed: ['support'] },
  { method: 'post', path: () => '/api/support/organisations', body: { name: `Org ${Math.random()}` }, allowed: ['support'] },
  {
    method: 'put',
    path: (identity) => `/api/support/organisations/${identity.otherOrganisationId}/licences/bksb`,
    body: { enabled: false },
    allowed: ['support'],
  },
  { method: 'get', path: () => '/api/learners', allowed: ['admin', 'staff'] },
  { method: 'post', path: () => '/api/learners', body: { firstName: 'A', lastName: 'B' }, allowed: ['admin', 'staff'] },
  { method: 'get', path: () => '/api/learners/00000000-0000-4000-8000-000000000000', allowed: ['admin', 'staff'] },
  { method: 'patch', path: () => '/api/learners/00000000-0000-4000-8000-000000000000', body: { firstName: 'A' }, allowed: ['admin', 'staff'] },
  { method: 'get', path: () => '/api/applicants', allowed: ['admin', 'staff'] },
  { method: 'post', path: () => '/api/applicants/00000000-0000-4000-8000-000000000000/tags', body: { tagId: 'x' }, allowed: ['admin', 'staff'] },
  { method: 'delete', path: () => '/api/applicants/00000000-0000-4000-8000-000000000000/tags/x', allowed: ['admin', 'staff'] },
  { method: 'get', path: () => '/api/tags', allowed: ['admin', 'staff'] },
  { method: 'post', path: () => '/api/tags', body: { name: `Tag ${Math.random()}` }, allowed: ['admin', 'staff'] },
  { method: 'get', path: () => '/api/system-logs', allowed: ['admin'] },
  { method: 'get', path: () => '/api/mail-outbox', allowed: ['admin'] },
];

const CALLERS: Caller[] = ['admin', 'staff', 'support'];

describe('the role table', () => {
  let testApp: TestApp;
  let identity: TestIdentity;

  beforeAll(async () => {
    testApp = await startTestApp();
    identity = await seedIdentity(testApp.app);
  });

  afterAll(() => testApp.close());

  const cases = ROUTES.flatMap((route) => CALLERS.map((caller) => ({ route, caller, allowed: route.allowed.includes(caller) })));

  it.each(cases.map((c) => [`${c.route.method.toUpperCase()} ${c.route.path({} as TestIdentity)}`, c.caller, c.allowed ? 'allowed' : '403', c] as const))(
    '%s as %s: %s',
    async (_name, caller, _expected, { route, allowed }) => {
      const http = request(testApp.app.getHttpServer());
      const response = await http[route.method](route.path(identity))
        .set('authorization', `Bearer ${identity.tokens[caller]}`)
        .send(route.body);
      if (allowed) {
        expect([401, 403]).not.toContain(response.status);
      } else {
        expect(response.status).toBe(403);
        expect(response.body.message).toMatch(/^Only .+ can do this\.$/);
      }
    },
  );

  it.each(ROUTES.map((route) => [route.method.toUpperCase(), route] as const))('%s without a token answers 401', async (_m, route) => {
    const response = await request(testApp.app.getHttpServer())[route.method](route.path(identity)).send(route.body);
    expect(response.status).toBe(401);
  });
});
