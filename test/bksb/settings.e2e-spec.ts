import { BksbSandbox, startBksbSandbox } from '@picsweb/bksb-sandbox';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { httpAs, seedIdentity, TestIdentity, TokenName } from '../support/identity';
import { startTestApp, TestApp } from '../support/test-app';
import { onPostgres } from '../support/test-database';

const SECRET = 'c0ffee00c0ffee00c0ffee00';
const PASSWORD = 'Welcome-Home-42';

describe('bksb settings, test connection and summary', () => {
  let sandbox: BksbSandbox;
  let testApp: TestApp;
  let identity: TestIdentity;
  let tags: Record<string, string>;
  let otherTag: string;

  const as = (token: TokenName) => {
    const http = httpAs(testApp.app, identity, token);
    return {
      get: (path: string) => http.get(`/api/integrations/bksb${path}`),
      put: (path: string, body: object) => http.put(`/api/integrations/bksb${path}`, body),
      post: (path: string, body: object) => http.post(`/api/integrations/bksb${path}`, body),
    };
  };
  const rawSettings = async () =>
    (await testApp.app.get(DataSource).query('SELECT * FROM bksb_settings WHERE organisation_id = $1'.replace('$1', `'${identity.organisationId}'`)))[0] as
      | Record<string, string>
      | undefined;
  const bksbLogLines = async () =>
    (await request(testApp.app.getHttpServer()).get('/api/system-logs?source=bksb').set('authorization', `Bearer ${identity.tokens.admin}`)).body.items as Array<{
      message: string;
      actor: string;
    }>;

  beforeAll(async () => {
    sandbox = await startBksbSandbox();
    sandbox.upsertKey({ accessKey: 'k-users-only', secretKey: 'secret-users-only-000000', permissions: { results: false } });
    sandbox.upsertKey({ accessKey: 'org-key-1', secretKey: SECRET });
    testApp = await startTestApp({ env: { BKSB_API_URL: sandbox.url, BKSB_REQUEST_TIMEOUT_MS: '300', BKSB_MAX_ATTEMPTS: '2', BKSB_RETRY_BASE_MS: '1' } });
    identity = await seedIdentity(testApp.app);
    tags = {};
    for (const name of ['English done', 'Maths done', 'ICT done']) {
      tags[name] = (await request(testApp.app.getHttpServer()).post('/api/tags').set('authorization', `Bearer ${identity.tokens.admin}`).send({ name })).body.id;
    }
    otherTag = (await request(testApp.app.getHttpServer()).post('/api/tags').set('authorization', `Bearer ${identity.tokens.otherAdmin}`).send({ name: 'Theirs' })).body.id;
  });

  afterAll(async () => {
    await testApp.close();
    await sandbox.close();
  });

  it('starts with defaults, for administrators only; staff may read the summary', async () => {
    const settings = await as('admin').get('/settings').expect(200);
    expect(settings.body).toEqual({
      integrationEnabled: false,
      region: 'UK',
      bksbLoginUrl: null,
      apiAccessKey: null,
      apiSecretKeySet: false,
      defaultPasswordSet: false,
      autoSendLoginDetails: true,
      autoEnrolOnCourses: false,
      downloadDiagnosticResults: false,
      logScheduledSyncApiCalls: false,
      includeAutoLoginLink: false,
      learnerTags: { english: [], maths: [], ict: [] },
      applicantTags: { english: [], maths: [], ict: [] },
      updatedAt: null,
      updatedBy: null,
    });
    await as('staff').get('/settings').expect(403);
    await as('staff').put('/settings', { region: 'AU' }).expect(403);
    await as('staff').post('/settings/test-connection', {}).expect(403);
    expect((await as('staff').get('/summary').expect(200)).body).toMatchObject({ licensed: true, integrationEnabled: false, problem: null });
  });

  it.each([
    ['an unknown field', { colour: 'red' }, 'colour', /not a known field/],
    ['a wrong type', { integrationEnabled: 'yes' }, 'integrationEnabled', /true or false/],
    ['a null where none is allowed', { autoSendLoginDetails: null }, 'autoSendLoginDetails', /true or false/],
    ['an unknown region', { region: 'EU' }, 'region', /UK or AU/],
    ['tags that are not an object', { learnerTags: ['x'] }, 'learnerTags', /must be an object/],
    ['a tag list that is not a list', { learnerTags: { english: 'x' } }, 'learnerTags.english', /list of tag ids/],
    ['an unknown subject', { applicantTags: { science: [] } }, 'applicantTags.science', /not a known field/],
    ['a short default password', { defaultPassword: 'short' }, 'defaultPassword', /at least 8 characters/],
    ['a login address that is not https', { bksbLoginUrl: 'http://college.bksblive2.co.uk/' }, 'bksbLoginUrl', /https address/],
  ])('refuses %s, naming the field, and saves nothing', async (_case, body, field, message) => {
    const response = await as('admin').put('/settings', { ...body, apiAccessKey: 'would-be-saved' }).expect(400);
    expect(response.body.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect((await as('admin').get('/settings')).body.apiAccessKey).toBeNull();
  });

  it("refuses another organisation's tag and switching on without keys, each naming the field, saving nothing", async () => {
    const foreign = await as('admin').put('/settings', { learnerTags: { english: [tags['English done'], otherTag] }, apiAccessKey: 'x' }).expect(400);
    expect(foreign.body.errors).toEqual([{ field: 'learnerTags.english', message: expect.stringContaining(otherTag) }]);
    const switchedOn = await as('admin').put('/settings', { integrationEnabled: true, apiAccessKey: 'org-key-1' }).expect(400);
    expect(switchedOn.body.errors.map((e: { field: string }) => e.field)).toEqual(['apiSecretKey', 'defaultPassword']);
    expect(switchedOn.body.errors[0].message).toBe('apiSecretKey is needed to switch the integration on: enter the API Secret Key.');
    expect(await rawSettings()).toBeUndefined();
    expect(await bksbLogLines()).toEqual([]);
  });

  it('saves a partial change on the merged result, keeps secrets write-only and encrypted, and logs who changed what', async () => {
    const saved = await as('admin')
      .put('/settings', {
        integrationEnabled: true,
        apiAccessKey: ' org-key-1 ',
        apiSecretKey: SECRET,
        defaultPassword: PASSWORD,
        bksbLoginUrl: 'https://northfield.bksblive2.co.uk/',
        learnerTags: { english: [tags['English done']], maths: [tags['Maths done']] },
      })
      .expect(200);
    expect(saved.body).toMatchObject({ integrationEnabled: true, apiAccessKey: 'org-key-1', apiSecretKeySet: true, defaultPasswordSet: true, warnings: [], updatedBy: 'admin@northfield.test' });
    const partial = await as('admin').put('/settings', { learnerTags: { ict: [tags['ICT done']] }, region: 'UK' }).expect(200);
    expect(partial.body.learnerTags).toEqual({ english: [tags['English done']], maths: [tags['Maths done']], ict: [tags['ICT done']] });
    expect(partial.body.apiSecretKeySet).toBe(true);

    const raw = (await rawSettings())!;
    expect(raw.api_secret_key).toMatch(/^v2:test1:/);
    expect(raw.default_password).toMatch(/^v2:test1:/);
    const lines = await bksbLogLines();
    expect(lines.map((l) => l.message)).toEqual([
      'admin@northfield.test changed the bksb settings: learnerTags.ict.',
      'admin@northfield.test changed the bksb settings: integrationEnabled, apiAccessKey, apiSecretKey (replaced), defaultPassword (replaced), bksbLoginUrl, learnerTags.english, learnerTags.maths.',
    ]);
    for (const text of [JSON.stringify(saved.body), JSON.stringify(raw), JSON.stringify(lines), testApp.logger.text]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(PASSWORD);
    }
    const summary = await as('staff').get('/summary').expect(200);
    expect(summary.body.learnerTags).toEqual({
      english: [{ id: tags['English done'], name: 'English done' }],
      maths: [{ id: tags['Maths done'], name: 'Maths done' }],
      ict: [{ id: tags['ICT done'], name: 'ICT done' }],
    });
  });

  it('tests the stored connection, and tells apart wrong keys, a missing permission and bksb unreachable', async () => {
    const ok = await as('admin').post('/settings/test-connection', {}).expect(200);
    expect(ok.body).toEqual({
      ok: true,
      message: expect.stringContaining('Creating users is not checked'),
      checks: [
        { name: 'Read users', ok: true, message: 'Reading users works.' },
        { name: 'Read results', ok: true, message: 'Reading results works.' },
      ],
    });
    const wrong = await as('admin').post('/settings/test-connection', { apiSecretKey: 'not-the-secret' }).expect(200);
    expect(wrong.body.ok).toBe(false);
    expect(wrong.body.checks[0]).toMatchObject({ ok: false, message: expect.stringMatching(/refused the API keys/) });
    const denied = await as('admin').post('/settings/test-connection', { apiAccessKey: 'k-users-only', apiSecretKey: 'secret-users-only-000000' }).expect(200);
    expect(denied.body.checks).toEqual([
      { name: 'Read users', ok: true, message: 'Reading users works.' },
      { name: 'Read results', ok: false, message: expect.stringMatching(/missing a permission.*Allow/) },
    ]);
    sandbox.injectFault({ kind: 'hang', endpoint: 'all', times: 2 });
    const unreachable = await as('admin').post('/settings/test-connection', {}).expect(200);
    expect(unreachable.body.checks.every((c: { ok: boolean; message: string }) => !c.ok && /could not be reached/.test(c.message))).toBe(true);
    expect(JSON.stringify([wrong.body, denied.body])).not.toContain('not-the-secret');
    expect((await as('admin').get('/settings')).body.apiAccessKey).toBe('org-key-1');
  });

  it('shows a problem on the summary when a call with the stored keys fails, and clears it on the next success', async () => {
    await as('admin').put('/settings', { apiSecretKey: 'a-wrong-secret-000000000' }).expect(200);
    await as('admin').post('/settings/test-connection', {}).expect(200);
    const broken = await as('staff').get('/summary').expect(200);
    expect(broken.body.problem).toEqual({ kind: 'credentials', message: expect.stringMatching(/refused the API keys/), since: expect.any(String) });
    const health = await request(testApp.app.getHttpServer()).get('/api/support/organisations').set('authorization', `Bearer ${identity.tokens.support}`).expect(200);
    expect(health.body.find((o: { id: string }) => o.id === identity.organisationId).bksb).toEqual({
      enabled: true,
      lastRunStatus: null,
      problem: expect.stringMatching(/refused the API keys/),
    });
    await as('admin').put('/settings', { apiSecretKey: SECRET }).expect(200);
    await as('admin').post('/settings/test-connection', {}).expect(200);
    expect((await as('staff').get('/summary')).body.problem).toBeNull();
  });

  it("shows a change written by another instance within about two seconds (the Summary is reused that long)", async () => {
    expect((await as('staff').get('/summary').expect(200)).body.problem).toBeNull();
    // Another instance records a problem: its commit does not reach this instance's reuse of the Summary.
    const setProblem = (kind: string | null, message: string | null) =>
      testApp.app
        .get(DataSource)
        .query(
          `UPDATE bksb_settings SET problem_kind = ${kind ? `'${kind}'` : 'NULL'}, problem_message = ${message ? `'${message}'` : 'NULL'}, ` +
            `problem_since = ${kind ? `'${new Date().toISOString()}'` : 'NULL'} WHERE organisation_id = '${identity.organisationId}'`,
        );
    await setProblem('unreachable', 'bksb could not be reached (seen by another instance).');
    const shown = await eventually('the other instance\'s problem on the Summary', async () => (await as('staff').get('/summary').expect(200)).body.problem, 5000);
    expect(shown).toMatchObject({ kind: 'unreachable', message: 'bksb could not be reached (seen by another instance).' });
    await setProblem(null, null);
  });

  it('warns when the region or keys change while accounts are linked', async () => {
    await testApp.app.get(DataSource).query(
      `INSERT INTO bksb_account_links (person_id, organisation_id, person_type, username, username_key, bksb_user_id, created_by_pics, state, created_at, created_by)
       VALUES ('p-1', '${identity.organisationId}', 'learner', 'ann', 'ann', 1, ${testApp.database.kind === 'postgres' ? 'true' : '1'}, 'active', '2026-01-01T00:00:00.000Z', 'x')`,
    );
    const changed = await as('admin').put('/settings', { region: 'AU' }).expect(200);
    expect(changed.body.warnings).toEqual([expect.stringMatching(/^1 person has a linked bksb account made under the previous region/)]);
    expect((await as('admin').put('/settings', { autoEnrolOnCourses: true }).expect(200)).body.warnings).toEqual([]);
  });

  (onPostgres ? it : it.skip)('keeps both of two simultaneous changes, the very first save included (PostgreSQL)', async () => {
    await request(testApp.app.getHttpServer())
      .put(`/api/support/organisations/${identity.otherOrganisationId}/licences/bksb`)
      .set('authorization', `Bearer ${identity.tokens.support}`)
      .send({ enabled: true })
      .expect(200);
    const theirs = httpAs(testApp.app, identity, 'otherAdmin');
    const settings = '/api/integrations/bksb/settings';
    for (let round = 0; round < 5; round += 1) {
      const on = round % 2 === 0;
      const answers = await Promise.all([theirs.put(settings, { autoEnrolOnCourses: on }), theirs.put(settings, { downloadDiagnosticResults: on })]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect((await theirs.get(settings).expect(200)).body).toMatchObject({ autoEnrolOnCourses: on, downloadDiagnosticResults: on });
    }
  });
});
