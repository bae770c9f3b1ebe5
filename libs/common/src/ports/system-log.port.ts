import type { Transaction } from './transaction.port';

export type SystemLogLevel = 'info' | 'warn' | 'error';

export interface SystemLogLine {
  organisationId: string;
  /** What wrote it, e.g. "bksb". */
  source: string;
  level?: SystemLogLevel;
  /** Who did it (a user's email), or null for the system. Never a secret. */
  actor: string | null;
  message: string;
}

export const SYSTEM_LOG = Symbol('SystemLog');

/** Port (implemented by the host): an organisation's system log, read by its administrators. */
export interface SystemLogWriter {
  /** Inside the caller's transaction when given one, so the line lands with the change it records. */
  write(line: SystemLogLine, transaction?: Transaction): Promise<void>;
  /** Several lines in one statement; inside the caller's transaction when given one. */
  writeAll(lines: SystemLogLine[], transaction?: Transaction): Promise<void>;
}
