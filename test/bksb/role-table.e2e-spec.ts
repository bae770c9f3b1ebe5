import { randomUUID } from 'node:crypto';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';

type Caller = 'admin' | 'staff' | 'support';
const B = '/api/integrations/bksb';
const ORGANISATION_ROLES: Caller[] = ['admin', 'staff'];

/** The person a call acts on, made for it, and the body that goes with it. */
type Prepare = (f: BksbFixture) => Promise<{ person: string; body?: object }>;

const withEmail = (f: BksbFixture) =>
  f.person('learners', { firstName: 'Rho', lastName: 'Table', email: `rho.${randomUUID().slice(0, 8)}@example.org` });
/** A learner with no bksb account yet. */
const fresh: Prepare = async (f) => ({ person: await withEmail(f) });
/** A learner linked to a bksb user PICS did not make. */
const linked: Prepare = async (f) => {
  const person = await withEmail(f);
  const { username } = f.sandbox.createUser({ username: `rho-${randomUUID().slice(0, 8)}` });
  await f.as('admin').put(`${B}/learners/${person}/account`, { username }).expect(200);
  return { person };
};
/** A learner whose bksb account PICS made. */
const created: Prepare = async (f) => {
  const person = await withEmail(f);
  await f.as('admin').post(`${B}/learners/${person}/account`, {}).expect(201);
  return { person };
};
/** A learner and a bksb user to link to it. */
const toLink: Prepare = async (f) => ({ person: await withEmail(f), body: { username: f.sandbox.createUser({ username: `rho-${randomUUID().slice(0, 8)}` }).username } });

interface RouteCase {
  method: 'get' | 'post' | 'put' | 'delete';
  path: (person: string) => string;
  body?: object;
  prepare?: Prepare;
  allowed: Caller[];
  /** The status an allowed caller gets. */
  status: number;
}

/** docs/api.md's role table for the plugin's routes. */
const ROUTES: RouteCase[] = [
  { method: 'get', path: () => `${B}/summary`, allowed: ORGANISATION_ROLES, status: 200 },
  { method: 'get', path: () => `${B}/settings`, allowed: ['admin'], status: 200 },
  { method: 'put', path: () => `${B}/settings`, body: { autoEnrolOnCourses: false }, allowed: ['admin'], status: 200 },
  { method: 'post', path: () => `${B}/settings/test-connection`, body: {}, allowed: ['admin'], status: 200 },
  { method: 'get', path: (p) => `${B}/learners/${p}`, allowed: ORGANISATION_ROLES, status: 200 },
  { method: 'post', path: (p) => `${B}/learners/${p}/account`, body: {}, prepare: fresh, allowed: ORGANISATION_ROLES, status: 201 },
  { method: 'put', path: (p) => `${B}/learners/${p}/account`, prepare: toLink, allowed: ORGANISATION_ROLES, status: 200 },
  { method: 'delete', path: (p) => `${B}/learners/${p}/account`, prepare: linked, allowed: ORGANISATION_ROLES, status: 204 },
  { method: 'post', path: (p) => `${B}/learners/${p}/invite`, prepare: created, allowed: ORGANISATION_ROLES, status: 200 },
  { method: 'post', path: (p) => `${B}/learners/${p}/results/refresh`, prepare: linked, allowed: ORGANISATION_ROLES, status: 200 },
  { method: 'post', path: () => `${B}/sync`, allowed: ORGANISATION_ROLES, status: 202 },
  { method: 'get', path: () => `${B}/sync-runs`, allowed: ORGANISATION_ROLES, status: 200 },
  { method: 'get', path: () => `${B}/sync-runs/00000000-0000-4000-8000-000000000000`, allowed: ORGANISATION_ROLES, status: 404 },
  { method: 'get', path: () => `${B}/unmatched`, allowed: ORGANISATION_ROLES, status: 200 },
  { method: 'get', path: () => `${B}/chase-list`, allowed: ORGANISATION_ROLES, status: 200 },
  { method: 'get', path: () => `${B}/levels`, allowed: ORGANISATION_ROLES, status: 200 },
];

describe('the role table for the bksb routes', () => {
  let f: BksbFixture;
  let person: string;

  beforeAll(async () => {
    f = await startBksbFixture();
    person = await f.person('learners', { firstName: 'Rho', lastName: 'Table' });
  });

  afterAll(() => f.close());

  const cases = ROUTES.flatMap((route) => (['admin', 'staff', 'support'] as const).map((caller) => [route, caller] as const));

  it.each(cases.map(([route, caller]) => [`${route.method.toUpperCase()} ${route.path(':id')}`, caller, route.allowed.includes(caller) ? route.status : 403, route] as const))(
    '%s as %s: %s',
    async (_name, caller, expected, route) => {
      const prepared = expected !== 403 && route.prepare ? await route.prepare(f) : { person };
      const response = await f.as(caller)[route.method](route.path(prepared.person), prepared.body ?? route.body);
      expect(response.status).toBe(expected);
    },
  );

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'learner', 'Learners'])('answers 404 for the person type "%s" in a path', async (segment) => {
    for (const response of [
      await f.as('staff').get(`${B}/${segment}/${person}`),
      await f.as('staff').post(`${B}/${segment}/${person}/results/refresh`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.message).toBe('Unknown person type in the path: use learners or applicants.');
    }
  });
});
