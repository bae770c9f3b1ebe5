import { DEFAULT_SANDBOX_KEYS } from '@picsweb/bksb-sandbox';
import { AppLogger } from '@picsweb/common';
import pMap from 'p-map';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { AppModule } from '../../../apps/picsweb/src/app.module';
import { createNestApp } from '../../../apps/picsweb/src/bootstrap';
import { loadAppConfig } from '../../../apps/picsweb/src/config/environment';
import { UsersService } from '../../../apps/picsweb/src/users/users.service';
import { DEFAULT_BKSB_CLIENT_OPTIONS } from '../../../libs/bksb-integration/src/client/bksb-client.options';
import { RunningApp, startBuiltApp, startBuiltServer } from '../../support/built-app';
import { countRowsWritten } from '../../support/rows-written';
import { openDataSource } from '../../support/test-data-source';
import { createTestDatabase } from '../../support/test-database';
import { appNodeArgs, BENCH_APP_MAIN, BENCH_SANDBOX_MAIN, loadNow, machine, peakRssMb } from './bench-support';
import { linkPeople, seedOrganisation } from './bench-seeding';

export interface SyncAtScaleOptions {
  organisations: number;
  /** Linked learners in each organisation. */
  people: number;
  latencyMs: number;
  /** The share of people given a new result in bksb before the second sync. */
  newShare: number;
  /** The large organisation of the memory comparison (against 5,000); 0 leaves it out. */
  memoryPeople: number;
}

/** The limits the app runs with: the client's defaults, with room for 1,000 calls a second per organisation. */
export const LIMITS = {
  perOrganisationConcurrency: DEFAULT_BKSB_CLIENT_OPTIONS.perOrganisationConcurrency,
  perOrganisationPerSecond: 1000,
  globalConcurrency: DEFAULT_BKSB_CLIENT_OPTIONS.globalConcurrency,
};
const MEMORY_BASELINE = 5000;
export const PASSWORD = 'bench-password-1';
const SANDBOX_SERVING = /bksb sandbox is serving on (http:\/\/[\d.]+:\d+)/;
const B = '/api/integrations/bksb';

export interface Org {
  id: string;
  adminEmail: string;
  /** A staff user of the organisation (the pages' user). */
  staffEmail: string;
  people: number;
  /** The bksb user of its first person; the others follow in order. */
  firstUserId: number;
}

export interface SignedIn extends Org {
  token: string;
}

interface RunView {
  status: string;
  startedAt: string;
  finishedAt: string | null;
  peopleChecked: number;
  resultsImported: number;
  apiCalls: number;
  failureCount: number;
}

type Calls = Record<'initialResults' | 'diagnosticResults' | 'sessions' | 'components' | 'getUserId', number>;

/** What one syncAll measured: its wall time and bound, its calls (in all, and at bksb per endpoint) and the people checked. */
export interface SyncFigures {
  wallS: number;
  boundS: number;
  calls: number;
  people: number;
  byEndpoint: Calls;
}

export const count = (n: number) => Math.round(n).toLocaleString('en-GB');
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

export async function call<T>(url: string, method: string, token: string | null, body?: object): Promise<T> {
  const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A fresh database and the sandbox in a process of its own at this latency, and the app's
 * settings for them (the limits above, nothing scheduled, JSON logs) with `extra` added:
 * what every bench that runs the app as production does starts from.
 */
export async function startBenchServices(latencyMs: number, extra: Record<string, string> = {}) {
  const database = await createTestDatabase(process.env.BENCH_DATABASE_URL ?? '');
  const sandbox = await startBuiltServer(BENCH_SANDBOX_MAIN, ['--port', '0', '--users', '0', '--latency-ms', String(latencyMs)], {}, SANDBOX_SERVING);
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    APP_SECRET: randomBytes(48).toString('base64'),
    BKSB_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    BKSB_API_URL: sandbox.url,
    BKSB_ORG_CONCURRENCY: String(LIMITS.perOrganisationConcurrency),
    BKSB_ORG_REQUESTS_PER_SECOND: String(LIMITS.perOrganisationPerSecond),
    BKSB_GLOBAL_CONCURRENCY: String(LIMITS.globalConcurrency),
    // Nothing is scheduled: the bench starts every sync.
    BKSB_SYNC_CRON: '0 3 1 1 *',
    BKSB_FRESH_CRON: 'off',
    LOG_FORMAT: 'json',
    HOST: '127.0.0.1',
    ...extra,
  };
  return { database, sandbox, env };
}

/**
 * The sync at the scale of a busy instance, each part in a process of its own as in
 * production: the bksb sandbox (`npm run sandbox`, seeded through its control API), the
 * app (production mode, on SQLite or on a fresh database on BENCH_DATABASE_URL's
 * PostgreSQL server), and this bench, which seeds the database, starts the syncs through
 * the API and reads the runs, the sandbox's counts, the rows written (triggers) and the
 * app's peak resident memory (VmHWM). Every bksb user has initial English and Maths
 * results, so the hourly sweep reads no assessment sessions: calls per person are the
 * results calls (sessions are counted apart).
 *
 * Prints, for T organisations of N linked learners syncing together: the first sync,
 * one with `newShare` of the people given a new result, one with nothing new, then
 * with diagnostic results switched on (Download Diagnostic Assessment Results): the
 * sync that imports them (each finished diagnostic's component data read once), one
 * with nothing new (no component call), and one where `newShare` of the people
 * finished a diagnostic since the last (each the results calls and one component
 * call). Then one organisation of 5,000 and one
 * of `memoryPeople`, each synced twice (the first import, then nothing new), each sync
 * by an app of its own, for the app's peak memory.
 */
export async function syncAtScale(options: SyncAtScaleOptions): Promise<void> {
  const { database, sandbox, env } = await startBenchServices(options.latencyMs);
  let data: DataSource | null = null;
  try {
    const seedStarted = performance.now();
    const scale = await seedOrganisations(env, sandbox.url, Array(options.organisations).fill(options.people));
    const memory = options.memoryPeople > 0 ? await seedOrganisations(env, sandbox.url, [MEMORY_BASELINE, options.memoryPeople]) : [];
    data = await openDataSource(database.url);
    process.stdout.write(
      `\nThe sync at scale: the app and the bksb sandbox in processes of their own, ${database.kind}, bksb latency ${options.latencyMs} ms, ` +
        `limits ${LIMITS.perOrganisationConcurrency} in flight and ${LIMITS.perOrganisationPerSecond} a second per organisation, ${LIMITS.globalConcurrency} in flight in all; ` +
        `every bksb user with initial English and Maths results; seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s; ${machine()}.\n`,
    );

    const bench = new SyncBench(await startApp(env), sandbox.url, data, options.latencyMs);
    try {
      const orgs = await bench.signIn(scale);
      const label = `${options.organisations} x ${count(options.people)} learners`;
      await bench.syncAll(`${label}, first sync (imports every history)`, orgs);
      const given = await giveNewResults(sandbox.url, scale, options.newShare);
      await bench.syncAll(`${label}, ${(options.newShare * 100).toFixed(0)}% with a new result (${count(given)} results)`, orgs);
      await bench.syncAll(`${label}, nothing new`, orgs);
      for (const org of orgs) await call(`${bench.app.url}${B}/settings`, 'PUT', org.token, { downloadDiagnosticResults: true });
      await bench.syncAll(`${label}, diagnostics switched on (imports them, with each one's component data)`, orgs);
      const nothingNew = await bench.syncAll(`${label}, nothing new, diagnostics on`, orgs);
      const share = `${(options.newShare * 100).toFixed(0)}%`;
      const finished = await giveNewResults(sandbox.url, scale, options.newShare, 'diagnostic');
      const diagnostics = await bench.syncAll(`${label}, diagnostics on, ${share} finished a diagnostic (${count(finished)} diagnostics)`, orgs);
      const perPerson = (figures: SyncFigures) => (figures.calls / figures.people).toFixed(2);
      process.stdout.write(
        `skills (diagnostics on): nothing new ${count(nothingNew.calls)} calls, ${perPerson(nothingNew)} a person (component calls ${count(nothingNew.byEndpoint.components)}); ` +
          `${share} finished a diagnostic ${count(diagnostics.calls)} calls, ${perPerson(diagnostics)} a person ` +
          `(results ${count(diagnostics.byEndpoint.initialResults + diagnostics.byEndpoint.diagnosticResults)}, component calls ${count(diagnostics.byEndpoint.components)} ` +
          `for ${count(finished)} diagnostics finished): ${count(diagnostics.calls - nothingNew.calls)} calls more than nothing new\n`,
      );
    } finally {
      await bench.app.stop();
    }

    if (memory.length === 0) return;
    await call(`${sandbox.url}/__control/latency`, 'PUT', null, { fixedMs: 0 });
    /** Syncs one organisation `runs` times in a fresh app (so the peak is these syncs'); answers the app's peak RSS after each. */
    const peaksOf = async (org: Org, label: string, runs: number): Promise<number[]> => {
      const memoryBench = new SyncBench(await startApp(env), sandbox.url, data!, 0);
      try {
        const signedIn = await memoryBench.signIn([org]);
        const peaks: number[] = [];
        for (let run = 1; run <= runs; run += 1) {
          await memoryBench.syncAll(`one organisation of ${count(org.people)}, ${label}${runs > 1 ? ` (${run} of ${runs})` : ''}`, signedIn);
          peaks.push(peakRssMb(memoryBench.app.child.pid!));
        }
        return peaks;
      } finally {
        await memoryBench.app.stop();
      }
    };
    const [small, large] = memory;
    // A longer run lets V8 grow its heap further before a full collection: the same number of checks in the small organisation tells that apart from size.
    const repeats = Math.max(1, Math.round(large.people / small.people));
    const [firstSmall] = await peaksOf(small, 'first sync at 0 ms latency', 1);
    const againSmall = await peaksOf(small, 'nothing new, in a fresh app', repeats);
    const [firstLarge] = await peaksOf(large, 'first sync at 0 ms latency', 1);
    const [againLarge] = await peaksOf(large, 'nothing new, in a fresh app', 1);
    const versus = (smaller: number, larger: number) => `${smaller.toFixed(0)} MB against ${larger.toFixed(0)} MB (difference ${(larger - smaller).toFixed(0)} MB)`;
    process.stdout.write(
      `app peak RSS, ${count(small.people)} against ${count(large.people)} people in one organisation (goal: a difference under 30 MB): ` +
        `first sync ${versus(firstSmall, firstLarge)}; a sync with nothing new ${versus(againSmall[0], againLarge)}; ` +
        `after the same ${count(large.people)} checks (${repeats} sync${repeats === 1 ? '' : 's'} of ${count(small.people)}) ${versus(againSmall[againSmall.length - 1], againLarge)}\n`,
    );
  } finally {
    await data?.destroy();
    await sandbox.stop();
    await database.drop();
  }
}

/** Organisations of these sizes, each person linked to a bksb user of their own with a result history, and an admin each. */
export async function seedOrganisations(env: Record<string, string>, sandboxUrl: string, sizes: number[]): Promise<Org[]> {
  const seeding = await createNestApp(AppModule.forRoot(loadAppConfig(env, 'production')), new AppLogger('text', ['error', 'warn']));
  await seeding.init();
  try {
    const orgs: Org[] = [];
    for (const size of sizes) {
      const seeded = await seedOrganisation(seeding, DEFAULT_SANDBOX_KEYS[0], size, () => null);
      const { firstUserId } = await call<{ firstUserId: number }>(`${sandboxUrl}/__control/seed`, 'POST', null, { users: size, withResults: true, englishAndMaths: true });
      await linkPeople(
        seeding,
        seeded,
        seeded.people.map((_, i) => firstUserId + i),
      );
      const adminEmail = `admin@${seeded.organisation.id}.bench.test`;
      const staffEmail = `staff@${seeded.organisation.id}.bench.test`;
      await seeding.get(UsersService).create({ email: adminEmail, password: PASSWORD, role: 'admin', organisationId: seeded.organisation.id });
      await seeding.get(UsersService).create({ email: staffEmail, password: PASSWORD, role: 'staff', organisationId: seeded.organisation.id });
      orgs.push({ id: seeded.organisation.id, adminEmail, staffEmail, people: size, firstUserId });
    }
    return orgs;
  } finally {
    await seeding.close();
  }
}

/**
 * A new result in bksb for `share` of each organisation's people, spread evenly; answers
 * how many. A diagnostic comes with its finished session, whose component data the
 * sandbox makes from it.
 */
async function giveNewResults(sandboxUrl: string, orgs: Org[], share: number, kind: 'initial' | 'diagnostic' = 'initial'): Promise<number> {
  const every = Math.max(1, Math.round(1 / share));
  const userIds = orgs.flatMap((org) => Array.from({ length: Math.ceil(org.people / every) }, (_, i) => org.firstUserId + i * every));
  const result = { kind, courseSubject: 'ENG_NEW', level: 'Level 1', resultDate: new Date().toISOString() };
  await pMap(userIds, (userId) => call(`${sandboxUrl}/__control/users/${userId}/results`, 'POST', null, result), { concurrency: 16 });
  return userIds.length;
}

function startApp(env: Record<string, string>): Promise<RunningApp> {
  return startBuiltApp([], env, { main: BENCH_APP_MAIN, nodeArgs: appNodeArgs() });
}

/** Syncs organisations together through the running app's API and prints what it took. */
export class SyncBench {
  constructor(
    readonly app: RunningApp,
    private readonly sandboxUrl: string,
    private readonly data: DataSource,
    private readonly latencyMs: number,
  ) {}

  /** The organisations with their admin's bearer token. */
  async signIn(orgs: Org[]): Promise<SignedIn[]> {
    return Promise.all(
      orgs.map(async (org) => ({
        ...org,
        token: (await call<{ accessToken: string }>(`${this.app.url}/api/auth/login`, 'POST', null, { email: org.adminEmail, password: PASSWORD })).accessToken,
      })),
    );
  }

  /**
   * Starts a sync of every organisation at once, waits for all to end, and prints the
   * figures; `alongside` is started once the runs are, and stopped once they have ended.
   */
  async syncAll(label: string, orgs: SignedIn[], alongside?: () => Promise<{ stop(): Promise<void> }>): Promise<SyncFigures> {
    const rowsWritten = await countRowsWritten(this.data, { byOtherProcesses: true });
    const before = await this.calls();
    const runIds = await Promise.all(orgs.map(async (org) => (await call<{ runId: string }>(`${this.app.url}${B}/sync`, 'POST', org.token)).runId));
    const load = await alongside?.();
    let runs: RunView[];
    do {
      await sleep(250);
      runs = await Promise.all(orgs.map((org, i) => call<RunView>(`${this.app.url}${B}/sync-runs/${runIds[i]}`, 'GET', org.token)));
    } while (runs.some((run) => run.status === 'running'));
    await load?.stop();
    const after = await this.calls();
    const delta = (endpoint: keyof Calls) => after[endpoint] - before[endpoint];
    const wallS = (Math.max(...runs.map((run) => Date.parse(run.finishedAt!))) - Math.min(...runs.map((run) => Date.parse(run.startedAt)))) / 1000;
    const calls = sum(runs.map((run) => run.apiCalls));
    const people = sum(runs.map((run) => run.peopleChecked));
    const concurrency = Math.min(LIMITS.globalConcurrency, orgs.length * LIMITS.perOrganisationConcurrency);
    const rate = orgs.length * LIMITS.perOrganisationPerSecond;
    const boundS = Math.max((calls * this.latencyMs) / 1000 / concurrency, calls / rate);
    const boundBy = (calls * this.latencyMs) / 1000 / concurrency >= calls / rate ? `${concurrency} in flight` : `${rate} a second`;
    const rows = await rowsWritten();
    const statuses = [...new Set(runs.map((run) => run.status))].join(', ');
    process.stdout.write(
      `${label}: ${statuses}; ${count(people)} people, ${count(sum(runs.map((run) => run.resultsImported)))} results, ${count(sum(runs.map((run) => run.failureCount)))} failures; ` +
        `${count(calls)} calls in ${wallS.toFixed(1)} s, bound ${boundS.toFixed(1)} s (${boundBy}): bound/wall ${(boundS / wallS).toFixed(2)}; ` +
        `${(calls / people).toFixed(2)} calls a person (results ${((delta('initialResults') + delta('diagnosticResults')) / people).toFixed(2)}, ` +
        `sessions ${(delta('sessions') / people).toFixed(2)}, components ${(delta('components') / people).toFixed(2)}, user look-ups ${(delta('getUserId') / people).toFixed(2)}); ` +
        `${count(rows)} rows written (${count(rows / orgs.length)} an organisation); app peak RSS ${peakRssMb(this.app.child.pid!).toFixed(0)} MB; load ${loadNow()}\n`,
    );
    const byEndpoint = { initialResults: 0, diagnosticResults: 0, sessions: 0, components: 0, getUserId: 0 };
    for (const endpoint of Object.keys(byEndpoint) as Array<keyof Calls>) byEndpoint[endpoint] = delta(endpoint);
    return { wallS, boundS, calls, people, byEndpoint };
  }

  private async calls(): Promise<Calls> {
    return (await call<{ calls: Calls }>(`${this.sandboxUrl}/__control/metrics`, 'GET', null)).calls;
  }
}
