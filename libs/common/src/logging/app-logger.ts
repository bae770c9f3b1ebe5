import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { redact, redactText } from './redact';

export type LogFormat = 'json' | 'text';

/**
 * Nest's console logger with every message passed through the redaction list, so a
 * secret handed to a log call by mistake is masked before it is written.
 * `json` prints one JSON object a line (production); `text` readable lines (demo).
 */
export class AppLogger extends ConsoleLogger {
  constructor(
    private readonly format: LogFormat,
    logLevels?: LogLevel[],
  ) {
    super({ json: format === 'json', colors: false, logLevels });
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(
      messages.map((message) => this.readable(redact(message))),
      context,
      logLevel,
      writeStreamType,
      typeof errorStack === 'string' ? redactText(errorStack) : errorStack,
    );
  }

  /** In text mode a structured message becomes one `key=value` line. */
  private readable(message: unknown): unknown {
    if (this.format === 'json' || typeof message !== 'object' || message === null) return message;
    return Object.entries(message)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
  }
}
