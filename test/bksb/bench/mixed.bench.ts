/**
 * Pages while the sync works: the app and the bksb sandbox in processes of their own (as
 * bench:sync), organisations of linked learners syncing together, and staff of the first
 * organisation asking for the Summary page, a person page with its bksb panel and the
 * learners list over `--connections` connections (`--rate` requests a second each; 0: as
 * fast as the answers come). Phases: no sync, the first sync (every history imported),
 * no sync again (the results now in), a sync with nothing new. For each: each page's
 * p50, p95, p99, max and requests a second (and p95 against the no-sync phase before
 * it), the event loop's delay inside the app (prom-client's monitorEventLoopDelay
 * figures, read from /metrics, which resets them at each scrape) and its utilisation,
 * and the sync's bound / wall with the pages on. Prints the goals beside the figures; it
 * asserts nothing.
 * `npm run bench:mixed [-- --orgs 5 --people 5000 --latency-ms 50 --connections 20 --rate 2 --seconds 30]`;
 * BENCH_DATABASE_URL=postgres://... runs it on a fresh database on that PostgreSQL server;
 * BENCH_APP_NODE_ARGS gives the app's Node flags (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { RunningApp, startBuiltApp } from '../../support/built-app';
import { openDataSource } from '../../support/test-data-source';
import { appNodeArgs, BENCH_APP_MAIN, cpuPressure, flag, loadNow, machine, sessionCookie } from './bench-support';
import { Page, PageFigures, startPageLoad } from './page-load';
import { count, PASSWORD, seedOrganisations, SignedIn, startBenchServices, SyncBench } from './sync-at-scale';

const METRICS_TOKEN = randomBytes(24).toString('hex');

/** The goals printed beside the figures. */
const GOALS = { p95Ratio: 2, delayP99Ms: 50, delayMaxMs: 200, boundOverWall: 0.85 };

/** What /metrics says of the event loop since the previous scrape (delays) and in all (busy and CPU seconds). */
interface LoopReading {
  at: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  busySeconds: number;
  cpuSeconds: number;
}

async function readLoop(app: RunningApp): Promise<LoopReading> {
  const response = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}.`);
  const text = await response.text();
  const value = (name: string) => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    if (!match) throw new Error(`/metrics has no ${name}.`);
    return Number(match[1]);
  };
  return {
    at: performance.now(),
    p50Ms: value('nodejs_eventloop_lag_p50_seconds') * 1000,
    p99Ms: value('nodejs_eventloop_lag_p99_seconds') * 1000,
    maxMs: value('nodejs_eventloop_lag_max_seconds') * 1000,
    busySeconds: value('picsweb_eventloop_busy_seconds_total'),
    cpuSeconds: value('process_cpu_seconds_total'),
  };
}

interface Phase {
  name: string;
  pages: Map<string, PageFigures>;
  loop: { p50Ms: number; p99Ms: number; maxMs: number; utilisation: number; cpu: number };
  boundOverWall: number | null;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const mark = (met: boolean) => (met ? 'met' : 'MISSED');

async function main(): Promise<void> {
  const organisations = flag('orgs', 5);
  const people = flag('people', 5000);
  const latencyMs = flag('latency-ms', 50);
  const connections = flag('connections', 20);
  const rate = flag('rate', 2);
  const seconds = flag('seconds', 30);

  const { database, sandbox, env } = await startBenchServices(latencyMs, { METRICS_TOKEN });
  let data: DataSource | null = null;
  try {
    const seedStarted = performance.now();
    const orgs = await seedOrganisations(env, sandbox.url, Array(organisations).fill(people));
    data = await openDataSource(database.url);
    process.stdout.write(
      `\nPages while the sync works: the app and the bksb sandbox in processes of their own, ${database.kind}, ${organisations} x ${count(people)} linked learners, ` +
        `bksb latency ${latencyMs} ms; ${connections} connections of staff of the first organisation, ${rate > 0 ? `${rate} requests a second each` : 'each as fast as answered'}; ` +
        `seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s; ${machine()}.\n`,
    );
    const app = await startBuiltApp([], env, { main: BENCH_APP_MAIN, nodeArgs: appNodeArgs(), keepOutput: false });
    try {
      const bench = new SyncBench(app, sandbox.url, data, latencyMs);
      const signedIn: SignedIn[] = await bench.signIn(orgs);
      const staff = { cookie: await sessionCookie(app.url, { email: orgs[0].staffEmail, password: PASSWORD }) };
      const [person] = (await data.query(`SELECT id FROM people WHERE organisation_id = '${orgs[0].id}' ORDER BY id LIMIT 1`)) as Array<{ id: string }>;
      const share = (i: number) => Math.floor(connections / 3) + (i < connections % 3 ? 1 : 0);
      const pages: Page[] = [
        { name: 'Summary page', path: '/integrations/bksb', headers: staff, connections: share(0) },
        { name: 'person page', path: `/learners/${person.id}`, headers: staff, connections: share(1) },
        { name: 'learners list', path: '/learners', headers: staff, connections: share(2) },
      ];
      for (const page of pages) {
        const response = await fetch(`${app.url}${page.path}`, { headers: page.headers, redirect: 'manual' });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`${page.path} answered ${response.status}.`);
        if (page.name === 'person page' && !body.includes('bksb')) throw new Error(`${page.path} shows no bksb panel.`);
      }

      /** Asks for the pages while `work` runs (or for `seconds` when there is none); answers the phase's figures. */
      const phase = async (name: string, work?: (alongside: () => Promise<{ stop(): Promise<void> }>) => Promise<{ wallS: number; boundS: number }>): Promise<Phase> => {
        let figures: Map<string, PageFigures> | null = null;
        let first: LoopReading | null = null;
        let last: LoopReading | null = null;
        const alongside = async () => {
          first = await readLoop(app);
          const load = startPageLoad(app.url, pages, rate);
          return {
            stop: async () => {
              figures = await load.stop();
              last = await readLoop(app);
            },
          };
        };
        let boundOverWall: number | null = null;
        if (work) {
          const sync = await work(alongside);
          boundOverWall = sync.boundS / sync.wallS;
        } else {
          const load = await alongside();
          await sleep(seconds * 1000);
          await load.stop();
        }
        const [from, to] = [first!, last!] as [LoopReading, LoopReading];
        const wall = (to.at - from.at) / 1000;
        return {
          name,
          pages: figures!,
          loop: { p50Ms: to.p50Ms, p99Ms: to.p99Ms, maxMs: to.maxMs, utilisation: (to.busySeconds - from.busySeconds) / wall, cpu: (to.cpuSeconds - from.cpuSeconds) / wall },
          boundOverWall,
        };
      };

      const label = `${organisations} x ${count(people)} learners`;
      const report = (current: Phase, quiet: Phase | null) => {
        const pressure = cpuPressure();
        process.stdout.write(`\n${current.name} (load ${loadNow()}${pressure === null ? '' : `; tasks waited for a CPU ${pressure.toFixed(0)}% of the last minute`}):\n`);
        for (const page of pages) {
          const f = current.pages.get(page.name)!;
          const q = quiet?.pages.get(page.name);
          const ratio = q ? f.p95 / q.p95 : null;
          process.stdout.write(
            `  ${page.name.padEnd(14)} p50 ${ms(f.p50).padStart(7)}  p95 ${ms(f.p95).padStart(7)}  p99 ${ms(f.p99).padStart(7)}  max ${ms(f.max).padStart(7)}  ` +
              `${f.requestsPerSecond.toFixed(1).padStart(6)} req/s (${f.requests})` +
              `${ratio !== null ? `  p95 ${ratio.toFixed(2)} x with no sync (goal at most ${GOALS.p95Ratio}: ${mark(ratio <= GOALS.p95Ratio)})` : ''}` +
              `${Object.entries(f.refused).map(([status, n]) => `  ${n} answered ${status}`).join('')}${f.failed > 0 ? `  ${f.failed} failed` : ''}\n`,
          );
        }
        const loop = current.loop;
        process.stdout.write(
          `  event loop delay p50 ${ms(loop.p50Ms)}, p99 ${ms(loop.p99Ms)} (goal at most ${GOALS.delayP99Ms}: ${mark(loop.p99Ms <= GOALS.delayP99Ms)}), ` +
            `max ${ms(loop.maxMs)} (goal at most ${GOALS.delayMaxMs}: ${mark(loop.maxMs <= GOALS.delayMaxMs)}); ` +
            // Busy without the CPU to match: the app waited for a core (other load), not for its own work.
            `utilisation ${(loop.utilisation * 100).toFixed(0)}%, app CPU ${(loop.cpu * 100).toFixed(0)}% of a core` +
            `${current.boundOverWall !== null ? `; sync bound/wall ${current.boundOverWall.toFixed(2)} (goal at least ${GOALS.boundOverWall}: ${mark(current.boundOverWall >= GOALS.boundOverWall)})` : ''}\n`,
        );
      };
      const quietBefore = await phase('no sync (nothing imported yet)');
      report(quietBefore, null);
      const first = await phase(`${label}, first sync (imports every history)`, (alongside) => bench.syncAll(`  sync: ${label}, first sync`, signedIn, alongside));
      report(first, quietBefore);
      const quietAfter = await phase('no sync (every history imported)');
      report(quietAfter, null);
      const nothingNew = await phase(`${label}, nothing new`, (alongside) => bench.syncAll(`  sync: ${label}, nothing new`, signedIn, alongside));
      report(nothingNew, quietAfter);
    } finally {
      await app.stop();
    }
  } finally {
    await data?.destroy();
    await sandbox.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
