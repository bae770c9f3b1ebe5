import { QueryFailedError } from 'typeorm';

/** True when an insert or update broke a unique key, on PostgreSQL or SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; message?: string } | undefined;
  return driverError?.code === '23505' || /UNIQUE constraint failed/i.test(driverError?.message ?? error.message);
}
