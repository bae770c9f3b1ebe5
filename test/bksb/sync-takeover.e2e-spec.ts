import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildApp, RunningApp, startBuiltApp } from '../support/built-app';
import { BksbFixture, startBksbFixture } from '../support/bksb-fixture';
import { eventually } from '../support/eventually';
import { scrape, valueOf } from '../support/metrics-scrape';
import { onPostgres } from '../support/test-database';

const B = '/api/integrations/bksb';
const PEOPLE = 20;
const LEASE_MS = 3000;
const TAKEOVER_CHECK_MS = 500;
const METRICS_TOKEN = randomBytes(32).toString('hex');

interface RunRow {
  status: string;
  owner: string | null;
  lease_expires_at: string | null;
  people_checked: number | string;
}

/**
 * A killed instance (a child process, SIGKILL: nothing is handed back) leaves its run
 * running under a lease nobody renews. Another instance, whose schedule is hourly and
 * half an hour away, takes it over once the lease has ended, within its takeover check,
 * and finishes it. The lease and the check are shortened here (BKSB_SYNC_LEASE_MS,
 * BKSB_TAKEOVER_CHECK_MS); by default they are 2 minutes and 30 seconds.
 */
(onPostgres ? describe : describe.skip)('a sync run whose instance is killed (PostgreSQL, two instances)', () => {
  let f: BksbFixture;
  let killed: RunningApp | null = null;

  beforeAll(() => buildApp(), 180_000);

  afterAll(async () => {
    killed?.child.kill('SIGKILL');
    await f?.close();
  });

  it('is taken over by the other instance soon after its lease ends, whatever the schedule, finished once and counted', async () => {
    const hourlyFarAway = `${(new Date().getMinutes() + 30) % 60} * * * *`;
    const env = {
      APP_SECRET: randomBytes(48).toString('base64'),
      BKSB_ENCRYPTION_KEYS: `test1:${randomBytes(32).toString('base64')}`,
      BKSB_SYNC_CRON: hourlyFarAway,
      BKSB_SYNC_LEASE_MS: String(LEASE_MS),
      BKSB_TAKEOVER_CHECK_MS: String(TAKEOVER_CHECK_MS),
      BKSB_FRESH_CRON: 'off',
      BKSB_REQUEST_TIMEOUT_MS: '2000',
      BKSB_RETRY_BASE_MS: '1',
      METRICS_TOKEN,
    };
    f = await startBksbFixture({ env });
    for (let i = 0; i < PEOPLE; i += 1) {
      const user = f.sandbox.createUser({ username: `killed-${randomUUID().slice(0, 8)}` });
      const id = await f.person('learners', { firstName: 'Killed', lastName: `Run ${i}` });
      await f.as('staff').put(`${B}/learners/${id}/account`, { username: user.username }).expect(200);
    }
    killed = await startBuiltApp([], {
      ...env,
      HOST: '127.0.0.1',
      DATABASE_URL: f.testApp.config.databaseUrl,
      BKSB_API_URL: f.sandbox.url,
      BKSB_ORG_REQUESTS_PER_SECOND: '1000',
    });
    f.sandbox.reset();
    f.sandbox.setLatency({ fixedMs: 150 });
    const started = await fetch(`${killed.url}${B}/sync`, { method: 'POST', headers: { authorization: `Bearer ${f.identity.tokens.staff}` } });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    const data = f.testApp.app.get(DataSource);
    const row = async (): Promise<RunRow> => ((await data.query(`SELECT status, owner, lease_expires_at, people_checked FROM bksb_sync_runs WHERE id = $1`, [runId])) as RunRow[])[0];

    await eventually('the killed instance to be half-way', () => f.sandbox.metrics().calls.initialResults >= PEOPLE / 2);
    const exited = new Promise((resolve) => killed!.child.once('exit', resolve));
    killed.child.kill('SIGKILL');
    await exited;
    killed = null;
    const left = await row();
    expect(left.status).toBe('running');
    const leaseEnds = new Date(left.lease_expires_at!).getTime();

    const takenOver = await eventually('another instance to take the run over', async () => {
      const now = await row();
      return now.owner !== left.owner && { at: Date.now(), owner: now.owner };
    }, LEASE_MS + 20 * TAKEOVER_CHECK_MS);
    // Within the takeover check after the lease ended (with room for a busy machine), not the next hourly tick.
    expect(takenOver.at - leaseEnds).toBeLessThan(10 * TAKEOVER_CHECK_MS);

    const finished = await eventually('the run to be finished', async () => {
      const now = await row();
      return now.status !== 'running' && now;
    });
    expect(finished.status).toBe('succeeded');
    expect(Number(finished.people_checked)).toBe(PEOPLE);

    const { samples } = await scrape(f.testApp.app, METRICS_TOKEN);
    expect(valueOf(samples, 'picsweb_bksb_sync_takeovers_total', { trigger: 'manual' })).toBe(1);
    expect(valueOf(samples, 'picsweb_bksb_sync_runs_total', { organisation_id: f.identity.organisationId, trigger: 'manual', status: 'succeeded' })).toBe(1);
  }, 120_000);
});
