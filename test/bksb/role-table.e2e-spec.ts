import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';

type Caller = 'admin' | 'staff' | 'support';
const B = '/api/integrations/bksb';
const ORGANISATION_ROLES: Caller[] = ['admin', 'staff'];

/** API.md's role table for the plugin's routes: allowed callers get anything but 403. */
const ROUTES: Array<{ method: 'get' | 'post' | 'put' | 'delete'; path: (person: string) => string; body?: object; allowed: Caller[] }> = [
  { method: 'get', path: () => `${B}/summary`, allowed: ORGANISATION_ROLES },
  { method: 'get', path: () => `${B}/settings`, allowed: ['admin'] },
  { method: 'put', path: () => `${B}/settings`, body: { autoEnrolOnCourses: false }, allowed: ['admin'] },
  { method: 'post', path: () => `${B}/settings/test-connection`, body: {}, allowed: ['admin'] },
  { method: 'get', path: (p) => `${B}/learners/${p}`, allowed: ORGANISATION_ROLES },
  { method: 'post', path: (p) => `${B}/learners/${p}/account`, body: {}, allowed: ORGANISATION_ROLES },
  { method: 'put', path: (p) => `${B}/learners/${p}/account`, body: { username: 'nobody' }, allowed: ORGANISATION_ROLES },
  { method: 'delete', path: (p) => `${B}/learners/${p}/account`, allowed: ORGANISATION_ROLES },
  { method: 'post', path: (p) => `${B}/learners/${p}/invite`, allowed: ORGANISATION_ROLES },
  { method: 'post', path: (p) => `${B}/learners/${p}/results/refresh`, allowed: ORGANISATION_ROLES },
  { method: 'post', path: () => `${B}/sync`, allowed: ORGANISATION_ROLES },
  { method: 'get', path: () => `${B}/sync-runs`, allowed: ORGANISATION_ROLES },
  { method: 'get', path: () => `${B}/sync-runs/00000000-0000-4000-8000-000000000000`, allowed: ORGANISATION_ROLES },
  { method: 'get', path: () => `${B}/unmatched`, allowed: ORGANISATION_ROLES },
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

  it.each(cases.map(([route, caller]) => [`${route.method.toUpperCase()} ${route.path(':id')}`, caller, route.allowed.includes(caller) ? 'allowed' : '403', route] as const))(
    '%s as %s: %s',
    async (_name, caller, expected, route) => {
      const response = await f.as(caller)[route.method](route.path(person), route.body);
      if (expected === 'allowed') expect([401, 403]).not.toContain(response.status);
      else expect(response.status).toBe(403);
    },
  );
});
