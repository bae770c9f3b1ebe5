import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { MailService } from '../../apps/picsweb/src/mail/mail.service';
import { BksbFixture, DEFAULT_PASSWORD, startBksbFixture } from '../support/bksb-fixture';
import { eventually } from '../support/eventually';
import { TEST_PASSWORD } from '../support/identity';
import { MetricSample, scrape, valueOf } from '../support/metrics-scrape';
import { onPostgres } from '../support/test-database';
import { SyncRunJson } from '../support/sync-run-json';

const B = '/api/integrations/bksb';
const METRICS_TOKEN = randomBytes(32).toString('hex');

describe(`the plugin's metrics, scraped from the host (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let f: BksbFixture;

  beforeAll(async () => {
    f = await startBksbFixture({ smtp: true, env: { METRICS_TOKEN, BKSB_MAX_ATTEMPTS: '1' } });
  });

  afterAll(() => f.close());

  beforeEach(() => f.sandbox.reset());

  const syncNow = async (): Promise<SyncRunJson> => {
    const { runId } = (await f.as('staff').post(`${B}/sync`).expect(202)).body as { runId: string };
    return eventually(`run ${runId} to finish`, async () => {
      const run = (await f.as('staff').get(`${B}/sync-runs/${runId}`).expect(200)).body as SyncRunJson;
      return run.status !== 'running' && run;
    });
  };
  const samples = async (): Promise<MetricSample[]> => (await scrape(f.testApp.app, METRICS_TOKEN)).samples;
  const linkedLearner = async (): Promise<{ personId: string; userId: number }> => {
    const user = f.sandbox.createUser({ username: `metrics-${randomUUID().slice(0, 8)}` });
    const personId = await f.person('learners', { firstName: 'Metric', lastName: `Person ${user.userId}` });
    await f.as('staff').put(`${B}/learners/${personId}/account`, { username: user.username }).expect(200);
    return { personId, userId: user.userId };
  };

  it('shows a sync\'s calls by endpoint and outcome, the run by trigger and status, its duration, people checked and results imported', async () => {
    const organisation = f.identity.organisationId;
    // Three get results after linking (the sync imports them); two have none: their sessions of
    // English and Maths are read, and the first two such calls fail; one bksb no longer knows.
    for (let i = 0; i < 3; i += 1) f.sandbox.generateResults((await linkedLearner()).userId);
    for (let i = 0; i < 2; i += 1) await linkedLearner();
    const missing = await linkedLearner();
    f.sandbox.deleteUser(missing.userId);
    f.sandbox.reset();
    f.sandbox.injectFault({ kind: 'http503', endpoint: 'sessions', times: 2 });
    const before = await samples();
    const startedAt = Date.now();
    const run = await syncNow();
    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    const after = await samples();
    const delta = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);

    expect(run.status).toBe('partial');
    const calls = f.sandbox.metrics().calls;
    const callsOf = (endpoint: string, outcome: string) => delta('picsweb_bksb_calls_total', { organisation_id: organisation, endpoint, outcome });
    expect(callsOf('initialResults', 'ok')).toBe(calls.initialResults - 1);
    expect(callsOf('initialResults', 'not-found')).toBe(1);
    expect(callsOf('sessions', 'unavailable')).toBe(2);
    expect(callsOf('sessions', 'ok')).toBe(calls.sessions - 2);
    expect(delta('picsweb_bksb_calls_total')).toBe(run.apiCalls);
    expect(delta('picsweb_bksb_call_duration_seconds_count', { endpoint: 'initialResults' })).toBe(calls.initialResults);

    expect(delta('picsweb_bksb_sync_runs_total', { organisation_id: organisation, trigger: 'manual', status: 'partial' })).toBe(1);
    expect(delta('picsweb_bksb_sync_runs_total')).toBe(1);
    expect(delta('picsweb_bksb_sync_run_duration_seconds_count', { trigger: 'manual', status: 'partial' })).toBe(1);
    const duration = delta('picsweb_bksb_sync_run_duration_seconds_sum', { trigger: 'manual', status: 'partial' });
    expect(duration).toBeCloseTo((new Date(run.finishedAt!).getTime() - new Date(run.startedAt).getTime()) / 1000, 0);
    expect(duration).toBeLessThanOrEqual(elapsedSeconds);
    expect(delta('picsweb_bksb_sync_people_checked_total', { trigger: 'manual' })).toBe(run.peopleChecked);
    expect(delta('picsweb_bksb_sync_results_imported_total', { trigger: 'manual' })).toBe(run.resultsImported);
    expect(run.resultsImported).toBeGreaterThan(0);
  });

  it('counts calls outside the sync too, with their outcome: wrong keys in a connection test are credentials', async () => {
    const before = await samples();
    const test = await f.as('admin').post(`${B}/settings/test-connection`, { apiSecretKey: 'not-the-secret-key' }).expect(200);
    expect(test.body.ok).toBe(false);
    const after = await samples();
    const credentials = { organisation_id: f.identity.organisationId, endpoint: 'isUsernameExists', outcome: 'credentials' };
    expect(valueOf(after, 'picsweb_bksb_calls_total', credentials) - valueOf(before, 'picsweb_bksb_calls_total', credentials)).toBe(1);
  });

  it('never carries a name, an email, a user name, a key or a password in a scrape taken after the demo journey', async () => {
    const person = { firstName: 'Philippa', lastName: 'Quennell-Oduya', email: `philippa.quennell.${randomUUID().slice(0, 6)}@example.org` };
    const personId = await f.person('learners', person);
    await f.as('staff').post(`${B}/learners/${personId}/account`, {}).expect(201);
    await f.testApp.app.get(MailService).deliverDue();
    expect(f.smtp!.received.some((message) => message.includes(DEFAULT_PASSWORD))).toBe(true);
    const existing = f.sandbox.createUser({ username: 'bartholomew.xiang@example.org', firstname: 'Bartholomew', lastname: 'Xiang' });
    f.sandbox.generateResults(existing.userId);
    const linkedId = await f.person('learners', { firstName: 'Bartholomew', lastName: 'Xiang', email: 'bartholomew.xiang@example.org' });
    await f.as('staff').put(`${B}/learners/${linkedId}/account`, { username: existing.username }).expect(200);
    await syncNow();
    await request(f.testApp.app.getHttpServer()).post('/api/auth/login').send({ email: 'staff@northfield.test', password: 'a-wrong-password' }).expect(401);
    await request(f.testApp.app.getHttpServer()).post('/api/auth/login').send({ email: person.email, password: TEST_PASSWORD }).expect(401);

    const { text, samples: scraped } = await scrape(f.testApp.app, METRICS_TOKEN);
    expect(valueOf(scraped, 'picsweb_bksb_calls_total', { endpoint: 'createUser', outcome: 'ok' })).toBe(1);
    expect(valueOf(scraped, 'picsweb_mail_sent_total')).toBeGreaterThanOrEqual(1);
    const never = [
      person.firstName,
      person.lastName,
      person.email,
      person.email.split('@')[0],
      'Bartholomew',
      'bartholomew.xiang',
      'staff@northfield.test',
      'Northfield College',
      f.sandbox.key.accessKey,
      f.sandbox.key.secretKey,
      DEFAULT_PASSWORD,
      TEST_PASSWORD,
      METRICS_TOKEN,
      f.testApp.config.appSecret,
      f.identity.tokens.staff,
      personId,
      linkedId,
    ];
    for (const value of never) expect(text.toLowerCase()).not.toContain(value.toLowerCase());
    // Label values are fixed words, numbers and the organisation's id (a UUID).
    const labelValues = new Set(scraped.flatMap((sample) => Object.values(sample.labels)));
    for (const value of labelValues) expect(value).toMatch(/^([A-Za-z0-9_.:/+ ()-]{1,100}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/);
    expect([...labelValues].filter((value) => /^[0-9a-f]{8}-/.test(value))).toEqual([f.identity.organisationId]);
  });
});
