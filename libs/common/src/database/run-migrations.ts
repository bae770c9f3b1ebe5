import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';

/** An arbitrary constant shared by every instance: "picsweb migrations". */
const MIGRATION_LOCK_KEY = 7_342_001;
const SQLITE_BUSY_RETRIES = 50;

/**
 * Runs pending migrations, one instance at a time. On PostgreSQL instances queue on a
 * session advisory lock held on its own connection, and the later ones find nothing
 * left to do. On SQLite a second writer gets "database is locked" at once (a read
 * transaction cannot be upgraded while another writes), so it waits and tries again.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type === 'postgres') {
    const lockHolder = dataSource.createQueryRunner();
    await lockHolder.connect();
    try {
      await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      await lockHolder.release();
    }
    return;
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      return;
    } catch (error) {
      const busy = error instanceof Error && /database is locked|SQLITE_BUSY/.test(error.message);
      if (!busy || attempt >= SQLITE_BUSY_RETRIES) throw error;
      await sleep(50 + Math.random() * 100);
    }
  }
}
