import { BksbSandbox, startBksbSandbox } from '@picsweb/bksb-sandbox';
import { callApi, callControl } from './support/sandbox-http';

const FULL = { accessKey: 'a1b2c3d4', secretKey: '0123456789abcdef01234567' };
const NO_RESULTS = { accessKey: 'e5f6a7b8', secretKey: 'fedcba9876543210fedcba98' };
const NO_USERS = { accessKey: 'c9d0e1f2', secretKey: '00112233445566778899aabb' };
const DISABLED = { accessKey: 'deadbeef', secretKey: 'aaaaaaaaaaaaaaaaaaaaaaaa' };

const USERS_PATHS = ['users/isUsernameExists?username=ann', 'users/user/getUserId?username=ann', 'userGroups/search?page=1&recordsPerPage=20'];

describe('bksb sandbox keys over loopback', () => {
  let sandbox: BksbSandbox;
  let userId: number;

  beforeAll(async () => {
    sandbox = await startBksbSandbox({
      keys: [
        FULL,
        { ...NO_RESULTS, permissions: { results: false } },
        { ...NO_USERS, permissions: { users: false } },
        { ...DISABLED, enabled: false },
      ],
    });
  });
  beforeEach(() => {
    sandbox.reset({ data: true });
    userId = sandbox.createUser({ username: 'ann', withResults: true }).userId;
  });
  afterAll(() => sandbox.close());

  const resultsPaths = () => [
    `results/initialAssessment/${userId}/all?page=1&recordsPerPage=20`,
    `results/diagnosticAssessment/${userId}/all?page=1&recordsPerPage=20`,
    `assessmentSessions/getAssessmentSessionsForCourseV5?courseSubject=ENG_NEW&userId=${userId}`,
  ];

  it('uses the first configured key as sandbox.key', () => {
    expect(sandbox.key).toMatchObject({ ...FULL, enabled: true, permissions: { users: true, results: true } });
  });

  it('answers 401 with WWW-Authenticate: Basic and a plain body without credentials', async () => {
    const answer = await callApi(sandbox, 'users/isUsernameExists?username=ann', { credentials: null });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.text).toBe('Authorization has been denied for this request.');
  });

  it.each([
    ['a wrong secret', { accessKey: FULL.accessKey, secretKey: NO_RESULTS.secretKey }],
    ['an unknown access key', { accessKey: '00000000', secretKey: FULL.secretKey }],
    ['untrimmed keys', { accessKey: ` ${FULL.accessKey}`, secretKey: `${FULL.secretKey} ` }],
    ['a disabled key', DISABLED],
  ])('answers 401 for %s', async (_label, credentials) => {
    const answer = await callApi(sandbox, 'users/isUsernameExists?username=ann', { credentials });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('lets a full key call every endpoint', async () => {
    for (const path of [...USERS_PATHS, ...resultsPaths()]) {
      expect((await callApi(sandbox, path, { credentials: FULL })).status).toBe(200);
    }
  });

  it('answers 403 plain text on results and sessions when the results permission is denied, and serves users', async () => {
    for (const path of resultsPaths()) {
      const answer = await callApi(sandbox, path, { credentials: NO_RESULTS });
      expect(answer.status).toBe(403);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(answer.text).toBe('The API access key does not have permission to access results.');
    }
    for (const path of USERS_PATHS) expect((await callApi(sandbox, path, { credentials: NO_RESULTS })).status).toBe(200);
  });

  it('answers 403 on users endpoints and user groups when the users permission is denied, and serves results', async () => {
    for (const path of USERS_PATHS) expect((await callApi(sandbox, path, { credentials: NO_USERS })).status).toBe(403);
    const create = await callApi(sandbox, 'users/createUser', {
      credentials: NO_USERS,
      form: { Username: 'bob', Firstname: 'Bob', Lastname: 'Ray', Password: 'pw' },
    });
    expect(create.status).toBe(403);
    expect(sandbox.findUser('bob')).toBeUndefined();
    for (const path of resultsPaths()) expect((await callApi(sandbox, path, { credentials: NO_USERS })).status).toBe(200);
  });

  it('changes keys through the control API, and reset brings the starting keys back', async () => {
    const replaced = await callControl(sandbox, 'PUT', '/keys', {
      keys: [{ accessKey: 'abcd1234', secretKey: 'x'.repeat(24), permissions: { results: false } }],
    });
    expect(replaced.status).toBe(200);
    expect((await callApi(sandbox, 'users/isUsernameExists?username=ann', { credentials: FULL })).status).toBe(401);
    const newKey = { accessKey: 'abcd1234', secretKey: 'x'.repeat(24) };
    expect((await callApi(sandbox, 'users/isUsernameExists?username=ann', { credentials: newKey })).status).toBe(200);
    expect((await callApi(sandbox, resultsPaths()[0], { credentials: newKey })).status).toBe(403);

    await callControl(sandbox, 'POST', '/keys', { accessKey: 'abcd1234', secretKey: 'x'.repeat(24), permissions: { results: true } });
    expect((await callApi(sandbox, resultsPaths()[0], { credentials: newKey })).status).toBe(200);
    expect((await callControl(sandbox, 'DELETE', '/keys/abcd1234')).status).toBe(200);
    expect((await callApi(sandbox, resultsPaths()[0], { credentials: newKey })).status).toBe(401);

    await callControl(sandbox, 'POST', '/reset', {});
    expect((await callApi(sandbox, 'users/isUsernameExists?username=ann', { credentials: FULL })).status).toBe(200);
  });

  it('starts with one default key pair of bksb shape when none is configured', async () => {
    const plain = await startBksbSandbox();
    try {
      expect(plain.listKeys()).toEqual([
        {
          accessKey: expect.stringMatching(/^[0-9a-f]{8}$/),
          secretKey: expect.stringMatching(/^[0-9a-f]{24}$/),
          enabled: true,
          permissions: { users: true, results: true },
        },
      ]);
      expect((await callApi(plain, 'users/isUsernameExists?username=x')).status).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
