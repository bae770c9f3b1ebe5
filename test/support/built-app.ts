import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The folder with package.json above this file (test/support in the sources, or under dist/ when a bench is built). */
function packageRoot(): string {
  let directory = __dirname;
  while (!existsSync(join(directory, 'package.json'))) directory = dirname(directory);
  return directory;
}

export const REPO_ROOT = packageRoot();
const BUILT_DIR = join(REPO_ROOT, 'dist/apps/picsweb/apps/picsweb/src');
export const BUILT_MAIN = join(BUILT_DIR, 'main.js');
export const BUILT_CLI = join(BUILT_DIR, 'cli.js');

/**
 * Builds the host exactly as `npm start` does, once per jest run: process tests in
 * several workers share one build (the workers of a run share their parent process).
 */
export function buildApp(): void {
  const lock = join(tmpdir(), 'picsweb-build.lock');
  const marker = join(REPO_ROOT, 'dist', `.built-for-run-${process.ppid}`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`Gave up waiting for ${lock}; remove it if no build is running.`);
      execFileSync('sleep', ['0.2']);
    }
  }
  try {
    if (existsSync(marker)) return;
    execFileSync('npx', ['nest', 'build', 'picsweb'], { cwd: REPO_ROOT, stdio: 'pipe' });
    writeFileSync(marker, new Date().toISOString());
  } finally {
    rmdirSync(lock);
  }
}

export interface RunningApp {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Node's own flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** False: once it serves, its output is read and dropped (a server under load logs a line a request). */
  keepOutput?: boolean;
}

/** Starts the built app and resolves with its address once it says it is serving. */
export function startBuiltApp(args: string[], env: Record<string, string>, options: StartOptions & { main?: string } = {}): Promise<RunningApp> {
  return startBuiltServer(options.main ?? BUILT_MAIN, args, { PORT: '0', ...env }, /PICSWeb \(\w+\) is serving on (http:\/\/[\d.]+:\d+)/, options);
}

/** Starts a built server (the app, the sandbox) and resolves once its output matches `serving`, whose first group is its address. */
export function startBuiltServer(main: string, args: string[], env: Record<string, string>, serving: RegExp, options: StartOptions = {}): Promise<RunningApp> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), main, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let url: string | null = null;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (url !== null && options.keepOutput === false) return;
      output += chunk.toString();
      const match = url === null ? serving.exec(output) : null;
      if (match) {
        url = match[1];
        resolve({
          child,
          url,
          output: () => output,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${main} exited with ${code} before serving:\n${output}`)));
  });
}

/** Runs a built entry point (the app or the CLI) to completion; returns its exit code and output. */
export function runToExit(
  script: string,
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [script, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
  child.stdin.end(stdin);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}
