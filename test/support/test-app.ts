import { INestApplication, LogLevel, ModuleMetadata } from '@nestjs/common';
import { AppLogger } from '@picsweb/common';
import { AppModule } from '../../apps/picsweb/src/app.module';
import { createNestApp } from '../../apps/picsweb/src/bootstrap';
import { AppConfig } from '../../apps/picsweb/src/config/app-config';
import { createTestDatabase, TestDatabase } from './test-database';
import { testConfig } from './test-config';

/** Log lines written during a test, for asserting what was (and was not) logged. */
export class CapturingLogger extends AppLogger {
  readonly lines: string[] = [];

  constructor(levels: LogLevel[] = ['error', 'warn', 'log']) {
    super('json', levels);
  }

  protected override printMessages(...args: Parameters<AppLogger['printMessages']>): void {
    const write = process.stdout.write;
    const capture = (chunk: string | Uint8Array) => {
      this.lines.push(String(chunk));
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    const writeErr = process.stderr.write;
    process.stderr.write = capture as typeof process.stderr.write;
    try {
      super.printMessages(...args);
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
    }
  }

  get text(): string {
    return this.lines.join('');
  }
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  database: TestDatabase;
  logger: CapturingLogger;
  close(): Promise<void>;
}

/**
 * The real host AppModule on a fresh database, configured as in production
 * (global prefix, filter, pipe), listening on a free loopback port.
 */
export async function startTestApp(
  options: { extra?: ModuleMetadata; env?: Record<string, string>; database?: TestDatabase } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = testConfig(database.url, options.env);
  class TestRootModule {}
  const logger = new CapturingLogger();
  const app = await createNestApp(
    {
      module: TestRootModule,
      imports: [AppModule.forRoot(config), ...(options.extra?.imports ?? [])],
      controllers: options.extra?.controllers ?? [],
      providers: options.extra?.providers ?? [],
    },
    logger,
  );
  await app.listen(0, '127.0.0.1');
  return {
    app,
    config,
    database,
    logger,
    close: async () => {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}
