/**
 * Benchmark: the sandbox with 50,000 users and their results, hit over loopback at a
 * fixed latency. The sandbox runs in a worker thread with its own event loop, so the
 * load generator does not slow it down. Figures are printed, never asserted.
 *
 *   npm run bench:sandbox
 *   BENCH_USERS=50000 BENCH_REQUESTS=20000 BENCH_CONCURRENCY=50 BENCH_LATENCY_MS=20 npm run bench:sandbox
 */
import { Agent, request } from 'node:http';
import { getHeapStatistics } from 'node:v8';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { SeededRandom } from './data/seeded-random';
import { startBksbSandbox } from './index';

interface BenchSettings {
  users: number;
  requests: number;
  concurrency: number;
  latencyMs: number;
}

interface SandboxReady {
  url: string;
  authorization: string;
  firstUserId: number;
  lastUserId: number;
  results: number;
  seedMs: number;
  heapMb: number;
}

function setting(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number, not '${text}'.`);
  return Number(text);
}

/** Worker side: start the sandbox, seed it, say where it is, close when told. */
async function runSandbox(settings: BenchSettings): Promise<void> {
  const started = performance.now();
  const sandbox = await startBksbSandbox({ users: settings.users, userGroups: 200, latency: { fixedMs: settings.latencyMs } });
  const seedMs = performance.now() - started;
  let results = 0;
  const firstUserId = 48213;
  for (let id = firstUserId; id < firstUserId + settings.users; id += 1) {
    results += sandbox.results(id, 'initial').length + sandbox.results(id, 'diagnostic').length;
  }
  const ready: SandboxReady = {
    url: sandbox.url,
    authorization: `Basic ${Buffer.from(`${sandbox.key.accessKey}:${sandbox.key.secretKey}`).toString('base64')}`,
    firstUserId,
    lastUserId: firstUserId + settings.users - 1,
    results,
    seedMs,
    heapMb: getHeapStatistics().used_heap_size / 1024 / 1024,
  };
  parentPort?.postMessage(ready);
  parentPort?.once('message', () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

function get(agent: Agent, url: string, authorization: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: authorization, Accept: 'application/json' };
    const outgoing = request(url, { agent, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

/** Main side: drive the load and print what was measured. */
async function runBench(settings: BenchSettings): Promise<void> {
  const worker = new Worker(__filename, { workerData: settings });
  const ready = await new Promise<SandboxReady>((resolve, reject) => {
    worker.once('message', (message: SandboxReady) => resolve(message));
    worker.once('error', reject);
  });
  const agent = new Agent({ keepAlive: true, maxSockets: settings.concurrency });
  const random = new SeededRandom(7);
  const userId = () => random.int(ready.firstUserId, ready.lastUserId);

  const usernames: string[] = [];
  for (let i = 0; i < 200; i += 1) {
    const view = await get(agent, `${ready.url}/__control/users/${userId()}`, '');
    usernames.push((JSON.parse(view.body) as { user: { username: string } }).user.username);
  }
  await get(agent, `${ready.url}/__control/reset`, '', 'POST');
  const paths: Array<[() => string, number]> = [
    [() => `/api/results/initialAssessment/${userId()}/all?page=1&recordsPerPage=20`, 40],
    [() => `/api/results/diagnosticAssessment/${userId()}/all?page=1&recordsPerPage=20`, 20],
    [() => `/api/users/user/getUserId?username=${encodeURIComponent(random.pick(usernames))}`, 15],
    [() => `/api/users/isUsernameExists?username=${encodeURIComponent(random.pick(usernames))}`, 10],
    [() => `/api/assessmentSessions/getAssessmentSessionsForCourseV5?courseSubject=ENG_NEW&userId=${userId()}`, 10],
    [() => '/api/userGroups/search?page=1&recordsPerPage=20&query=apprentices', 5],
  ];

  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let issued = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (issued < settings.requests) {
      issued += 1;
      const path = random.weighted(paths)();
      const sent = performance.now();
      const { status } = await get(agent, `${ready.url}${path}`, ready.authorization);
      latencies.push(performance.now() - sent);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, lane));
  const elapsedS = (performance.now() - started) / 1000;
  const metrics = JSON.parse((await get(agent, `${ready.url}/__control/metrics`, '')).body) as { maxInFlight: number };

  latencies.sort((a, b) => a - b);
  const idealRate = settings.concurrency / (settings.latencyMs / 1000);
  const rate = latencies.length / elapsedS;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const seeded = `seeded in ${(ready.seedMs / 1000).toFixed(1)} s, heap ${ready.heapMb.toFixed(0)} MB`;
  const ceiling = `ceiling at this latency and concurrency: ${idealRate.toFixed(0)}/s, ${((rate / idealRate) * 100).toFixed(0)}%`;
  const spread = [0.5, 0.95, 0.99].map((share) => `p${Math.round(share * 100)} ${ms(percentile(latencies, share))}`).join(', ');
  process.stdout.write(
    [
      'bksb sandbox benchmark',
      `  data:        ${settings.users} users, ${ready.results} results, ${seeded}`,
      `  load:        ${latencies.length} requests, concurrency ${settings.concurrency}, fixed latency ${settings.latencyMs} ms`,
      settings.latencyMs > 0
        ? `  throughput:  ${rate.toFixed(0)} requests/s (${ceiling})`
        : `  throughput:  ${rate.toFixed(0)} requests/s (no latency: the sandbox and the client flat out)`,
      `  latency:     ${spread}, max ${ms(latencies[latencies.length - 1])}`,
      `  statuses:    ${[...statuses].map(([status, count]) => `${status} x${count}`).join(', ')}`,
      `  in flight:   at most ${metrics.maxInFlight} at once, as the sandbox saw it`,
      '',
    ].join('\n'),
  );
  agent.destroy();
  worker.postMessage('close');
}

const settings: BenchSettings = isMainThread
  ? {
      users: setting('BENCH_USERS', 50_000),
      requests: setting('BENCH_REQUESTS', 20_000),
      concurrency: setting('BENCH_CONCURRENCY', 50),
      latencyMs: setting('BENCH_LATENCY_MS', 20),
    }
  : (workerData as BenchSettings);

(isMainThread ? runBench(settings) : runSandbox(settings)).catch((error: unknown) => {
  process.stderr.write(`The benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
