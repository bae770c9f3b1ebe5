/**
 * Drives the built app under load with autocannon: the demo, started here as a child
 * process on a free port with a throw-away data folder (SQLite), signed in once as
 * Northfield's staff user. Each route in turn gets `--connections` connections for
 * `--seconds` seconds (after a short warm-up); prints requests per second, p50 and p99,
 * and each route's throughput and p99 against /api/health's in the same run, with the
 * goals: at least 50% of health's throughput, and the Summary page's p99 at most 1.5 times
 * health's (a ratio, as an absolute p99 depends on the machine and the load generator
 * sharing it). Asserts nothing.
 * `npm run bench:api [-- --connections 200 --seconds 20]`
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBuiltApp } from '../../support/built-app';
import { appNodeArgs, BENCH_APP_MAIN, flag, loadNow, machine, sessionCookie } from './bench-support';

const DEMO_USER = { email: 'staff@northfield.test', password: 'demo-password' };

interface Target {
  name: string;
  path: string;
  headers: Record<string, string>;
}

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers other than 2xx, by status. */
  refused: Record<string, number>;
  /** Requests without an answer: connection errors, and time-outs (no answer within autocannon's 10 s). */
  errors: number;
  timeouts: number;
}

async function bearerToken(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_USER) });
  if (!response.ok) throw new Error(`Sign-in through the API answered ${response.status}.`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

function load(url: string, target: Target, connections: number, seconds: number): Promise<Figures> {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${url}${target.path}`, headers: target.headers, connections, duration: seconds }, (error, result) => {
      if (error) return reject(error);
      resolve({
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        refused: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).filter(([status]) => !status.startsWith('2')).map(([status, { count }]) => [status, count ?? 0])),
        errors: result.errors,
        timeouts: result.timeouts,
      });
    });
  });
}

/**
 * What a bulk action's body at the size limit costs the app before its 400: about 1 MB
 * with some 15,000 people, a longer list than any request may hold (2,000), refused before
 * any of them is transformed or checked. Each request is sent alone; prints the median and
 * the worst time to the answer (goal: under 20 ms, so such bodies cannot stall the event loop).
 */
async function bulkBodyAtTheLimit(url: string, headers: Record<string, string>): Promise<void> {
  const people: Array<{ personType: string; id: string }> = [];
  while (JSON.stringify({ action: 'create', people }).length < 1_000_000) people.push({ personType: 'learner', id: randomUUID() });
  const body = JSON.stringify({ action: 'create', people });
  const times: number[] = [];
  const statuses = new Set<number>();
  for (let i = 0; i < 25; i += 1) {
    const started = performance.now();
    const response = await fetch(`${url}/api/integrations/bksb/bulk-actions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    await response.arrayBuffer();
    if (i >= 5) times.push(performance.now() - started);
    statuses.add(response.status);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `A bulk action body at the size limit (${(body.length / 1e6).toFixed(2)} MB, ${people.length} people): answered ${[...statuses].join(', ')} ` +
      `in p50 ${times[times.length >> 1].toFixed(1)} ms, worst ${times[times.length - 1].toFixed(1)} ms (goal: under 20 ms)\n`,
  );
}

async function main(): Promise<void> {
  const connections = flag('connections', 200);
  const seconds = flag('seconds', 20);
  const dataDir = mkdtempSync(join(tmpdir(), 'picsweb-bench-api-'));
  const app = await startBuiltApp(['--demo'], { DATA_DIR: dataDir }, { main: BENCH_APP_MAIN, nodeArgs: appNodeArgs(), keepOutput: false });
  try {
    const bearer = { authorization: `Bearer ${await bearerToken(app.url)}` };
    const page = { cookie: await sessionCookie(app.url, DEMO_USER) };
    const targets: Target[] = [
      { name: '/api/health', path: '/api/health', headers: {} },
      { name: 'Summary JSON', path: '/api/integrations/bksb/summary', headers: bearer },
      { name: 'learners search', path: '/api/learners?search=an', headers: bearer },
      { name: 'Summary page', path: '/integrations/bksb', headers: page },
    ];
    process.stdout.write(`The demo (SQLite) under ${connections} connections for ${seconds} s a route; ${machine()}.\n`);
    let health: Figures | null = null;
    for (const target of targets) {
      await load(app.url, target, connections, Math.min(3, seconds));
      const figures = await load(app.url, target, connections, seconds);
      health ??= figures;
      const share = figures.requestsPerSecond / health.requestsPerSecond;
      const p99Ratio = figures.p99 / health.p99;
      const goals = figures === health ? '' : `  (goals: 50%: ${share >= 0.5 ? 'met' : 'MISSED'}` +
        `${target.name === 'Summary page' ? `; p99 at most 1.5 x: ${p99Ratio <= 1.5 ? 'met' : 'MISSED'}` : ''})`;
      process.stdout.write(
        `${target.name.padEnd(16)} ${target.path.padEnd(32)} ${figures.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
          `p50 ${String(figures.p50).padStart(4)} ms  p99 ${String(figures.p99).padStart(4)} ms  ` +
          `${(share * 100).toFixed(0).padStart(3)}% of /api/health's req/s, p99 ${p99Ratio.toFixed(2)} x its${goals}` +
          `${Object.entries(figures.refused).map(([status, n]) => `  ${n} answered ${status}`).join('')}` +
          `${figures.errors > 0 ? `  ${figures.errors} without an answer (${figures.timeouts} after 10 s)` : ''}  load ${loadNow()}\n`,
      );
    }
    await bulkBodyAtTheLimit(app.url, bearer);
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
