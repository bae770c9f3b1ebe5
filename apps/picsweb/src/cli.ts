import { HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from '@picsweb/common';
import { AppModule } from './app.module';
import { CLI_USAGE, CliUsageError, runCliCommand } from './cli/cli-commands';
import { ConfigurationError, configFromProcess } from './config/environment';

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

function messageOf(error: unknown): string {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    return typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
  }
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const commandArgs = args.filter((arg) => arg !== '--demo');
  if (commandArgs.length === 0 || commandArgs[0] === '--help') {
    process.stdout.write(`${CLI_USAGE}\n`);
    return commandArgs.length === 0 ? 64 : 0;
  }
  const config = configFromProcess(args, process.env);
  // The command line serves nothing: METRICS_PORT belongs to the running app.
  config.metricsPort = null;
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: new AppLogger(config.logFormat, ['error', 'warn']),
  });
  try {
    await runCliCommand(app, commandArgs, { readStdin, out: (line) => process.stdout.write(`${line}\n`) });
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${messageOf(error)}\n`);
    if (error instanceof CliUsageError) process.stderr.write(`${CLI_USAGE}\n`);
    process.exit(error instanceof CliUsageError ? 64 : error instanceof ConfigurationError ? 78 : 1);
  },
);
