import request from 'supertest';
import { PeopleService } from '../../apps/picsweb/src/people/people.service';
import { TagsService } from '../../apps/picsweb/src/tags/tags.service';
import { seedIdentity, TestIdentity } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';

type Caller = 'admin' | 'staff' | 'support';

/** What the routes act on: real rows of the first organisation, so an allowed call succeeds. */
interface Targets {
  identity: TestIdentity;
  learnerId: string;
  applicantId: string;
  tagId: string;
}

interface RouteCase {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: (targets: Targets) => string;
  body?: (targets: Targets) => object;
  allowed: Caller[];
  /** The status an allowed caller gets. */
  status: number;
}

/** docs/api.md's role table, one row per route that exists. */
const ROUTES: RouteCase[] = [
  { method: 'get', path: () => '/api/me', allowed: ['admin', 'staff', 'support'], status: 200 },
  { method: 'get', path: () => '/api/support/organisations', allowed: ['support'], status: 200 },
  { method: 'post', path: () => '/api/support/organisations', body: () => ({ name: `Org ${Math.random()}` }), allowed: ['support'], status: 201 },
  {
    method: 'put',
    path: ({ identity }) => `/api/support/organisations/${identity.otherOrganisationId}/licences/bksb`,
    body: () => ({ enabled: false }),
    allowed: ['support'],
    status: 200,
  },
  { method: 'get', path: () => '/api/learners', allowed: ['admin', 'staff'], status: 200 },
  { method: 'post', path: () => '/api/learners', body: () => ({ firstName: 'A', lastName: 'B' }), allowed: ['admin', 'staff'], status: 201 },
  { method: 'get', path: ({ learnerId }) => `/api/learners/${learnerId}`, allowed: ['admin', 'staff'], status: 200 },
  { method: 'patch', path: ({ learnerId }) => `/api/learners/${learnerId}`, body: () => ({ firstName: 'A' }), allowed: ['admin', 'staff'], status: 200 },
  { method: 'get', path: () => '/api/applicants', allowed: ['admin', 'staff'], status: 200 },
  { method: 'post', path: ({ applicantId }) => `/api/applicants/${applicantId}/tags`, body: ({ tagId }) => ({ tagId }), allowed: ['admin', 'staff'], status: 200 },
  { method: 'delete', path: ({ applicantId, tagId }) => `/api/applicants/${applicantId}/tags/${tagId}`, allowed: ['admin', 'staff'], status: 204 },
  { method: 'get', path: () => '/api/tags', allowed: ['admin', 'staff'], status: 200 },
  { method: 'post', path: () => '/api/tags', body: () => ({ name: `Tag ${Math.random()}` }), allowed: ['admin', 'staff'], status: 201 },
  { method: 'get', path: () => '/api/system-logs', allowed: ['admin'], status: 200 },
  { method: 'get', path: () => '/api/mail-outbox', allowed: ['admin'], status: 200 },
];

const CALLERS: Caller[] = ['admin', 'staff', 'support'];

describe('the role table', () => {
  let testApp: TestApp;
  let targets: Targets;

  beforeAll(async () => {
    testApp = await startTestApp();
    const identity = await seedIdentity(testApp.app);
    const people = testApp.app.get(PeopleService);
    targets = {
      identity,
      learnerId: (await people.create(identity.organisationId, 'learner', { firstName: 'Role', lastName: 'Table' })).id,
      applicantId: (await people.create(identity.organisationId, 'applicant', { firstName: 'Role', lastName: 'Table' })).id,
      tagId: (await testApp.app.get(TagsService).create(identity.organisationId, 'Role table')).id,
    };
  });

  afterAll(() => testApp.close());

  const cases = ROUTES.flatMap((route) => CALLERS.map((caller) => ({ route, caller, allowed: route.allowed.includes(caller) })));

  it.each(cases.map((c) => [`${c.route.method.toUpperCase()} ${c.route.path({ identity: {} } as Targets)}`, c.caller, c.allowed ? c.route.status : 403, c] as const))(
    '%s as %s: %s',
    async (_name, caller, expected, { route, allowed }) => {
      const http = request(testApp.app.getHttpServer());
      const response = await http[route.method](route.path(targets))
        .set('authorization', `Bearer ${targets.identity.tokens[caller]}`)
        .send(route.body?.(targets));
      expect(response.status).toBe(expected);
      if (!allowed) expect(response.body.message).toMatch(/^Only .+ can do this\.$/);
    },
  );

  it.each(ROUTES.map((route) => [route.method.toUpperCase(), route] as const))('%s without a token answers 401', async (_m, route) => {
    const response = await request(testApp.app.getHttpServer())[route.method](route.path(targets)).send(route.body?.(targets));
    expect(response.status).toBe(401);
  });
});
