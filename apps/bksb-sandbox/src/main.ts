import { parseArgs } from 'node:util';
import { DEFAULT_FIRST_USER_ID, DEFAULT_SEED, startBksbSandbox } from './index';

const USAGE = `Usage: npm run sandbox -- [--port 4010] [--host 127.0.0.1] [--users 200] [--seed 2026] [--latency-ms 0]
Environment: PORT, HOST, SANDBOX_USERS, SANDBOX_SEED, SANDBOX_LATENCY_MS (flags win).`;

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text)) {
    process.stderr.write(`${name} must be a whole number, not '${text}'.\n${USAGE}\n`);
    process.exit(64);
  }
  return Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      users: { type: 'string' },
      seed: { type: 'string' },
      'latency-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const users = wholeNumber('--users', values.users ?? process.env.SANDBOX_USERS, 200);
  const seed = wholeNumber('--seed', values.seed ?? process.env.SANDBOX_SEED, DEFAULT_SEED);
  const latencyMs = wholeNumber('--latency-ms', values['latency-ms'] ?? process.env.SANDBOX_LATENCY_MS, 0);
  const sandbox = await startBksbSandbox({
    port: wholeNumber('--port', values.port ?? process.env.PORT, 4010),
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    users,
    seed,
    latency: { fixedMs: latencyMs },
  });
  const example = sandbox.findUser(DEFAULT_FIRST_USER_ID);
  const lines = [
    `bksb sandbox is serving on ${sandbox.url}`,
    `  API:      ${sandbox.url}/api/...  (HTTP Basic: access key as user name, secret key as password)`,
    `  controls: ${sandbox.url}/__control  (GET lists the routes; no authentication)`,
    ...sandbox.listKeys().map(
      (key) =>
        `  key:      access key ${key.accessKey}  secret key ${key.secretKey}  permissions: ${Object.entries(key.permissions)
          .filter(([, allowed]) => allowed)
          .map(([name]) => name)
          .join(', ')}`,
    ),
    `  data:     ${users} users with results (seed ${seed})${example ? `, e.g. ${example.username} (userId ${example.userId})` : ''}`,
    `  latency:  ${latencyMs} ms`,
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`The bksb sandbox did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
