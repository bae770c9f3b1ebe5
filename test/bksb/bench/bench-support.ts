import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/built-app';

/** The app and the sandbox as `nest build bench` builds them beside the benches (their tsconfig includes both entry points). */
export const BENCH_APP_MAIN = join(REPO_ROOT, 'dist/bench/apps/picsweb/src/main.js');
export const BENCH_SANDBOX_MAIN = join(REPO_ROOT, 'dist/bench/apps/bksb-sandbox/src/main.js');

/**
 * The Node flags the benches start the app with: those `npm run start:prod` gives it (its
 * heap ceiling), so it runs as in production, then BENCH_APP_NODE_ARGS (e.g. `--cpu-prof`).
 */
export function appNodeArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const production = scripts['start:prod'].split(/\s+/).filter((word) => word.startsWith('--'));
  return [...production, ...(process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
}

/** A number given on the command line as `--name value`, or the fallback. */
export function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

/** The machine a figure came from, and how busy it was then (the load average of the last minute). */
export function machine(): string {
  return `${cpus().length} cores, Node ${process.version}, load average ${loadNow()}`;
}

export function loadNow(): string {
  return loadavg()[0].toFixed(2);
}

/**
 * The share of the last 60 s in which some runnable task waited for a CPU (Linux's pressure
 * stall information), or null where the kernel does not say: a process of the bench may be
 * busy without running, and its figures then measure the machine, not the app.
 */
export function cpuPressure(): number | null {
  try {
    const some = /^some avg10=[\d.]+ avg60=([\d.]+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return some ? Number(some[1]) : null;
  } catch {
    return null;
  }
}

/** A process's peak resident memory since it started, in MB (Linux: VmHWM in /proc). */
export function peakRssMb(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kb) throw new Error(`No VmHWM in /proc/${pid}/status.`);
  return Number(kb[1]) / 1024;
}

/** Signs in on the sign-in page as a browser does (visitor cookie and CSRF token first); answers the session cookie. */
export async function sessionCookie(url: string, user: { email: string; password: string }): Promise<string> {
  const form = await fetch(`${url}/login`);
  const visitor = form.headers.getSetCookie().map((line) => line.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const signedIn = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: visitor.join('; ') },
    body: new URLSearchParams({ ...user, _csrf: csrf }).toString(),
  });
  // Outside the demo the cookie's name has the __Host- prefix.
  const session = signedIn.headers.getSetCookie().find((line) => /^(__Host-)?picsweb_session=/.test(line));
  if (!session) throw new Error(`Sign-in on the page answered ${signedIn.status} without a session cookie.`);
  return session.split(';')[0];
}
