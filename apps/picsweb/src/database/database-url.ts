import { dirname } from 'node:path';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import type { DataSourceOptions } from 'typeorm';

/**
 * The embedded database holds personal data and password hashes: its folder is made
 * 0700 when the app makes it (an existing one, e.g. /tmp, is left alone) and the file
 * is 0600, made so before SQLite opens it, since SQLite gives its -wal, -shm and
 * -journal files the database file's mode. Files left 0644 by an older version are
 * tightened too.
 */
function keepPrivate(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

type EntityList = NonNullable<DataSourceOptions['entities']>;
type MigrationList = NonNullable<DataSourceOptions['migrations']>;

/**
 * TypeORM options for a DATABASE_URL: `sqlite:<path>` (better-sqlite3; `sqlite::memory:`
 * for a throw-away database) or `postgres://...`. Migrations, never synchronize.
 */
export function dataSourceOptionsFor(
  databaseUrl: string,
  entities: EntityList,
  migrations: MigrationList,
): DataSourceOptions {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (databaseUrl.startsWith('sqlite:')) {
    const database = databaseUrl.slice('sqlite:'.length);
    if (database !== ':memory:') keepPrivate(database);
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      // Prepared statements kept for reuse (TypeORM's default is 100, first in first out):
      // a sync's grouped writes and the pages use a few hundred texts (an IN list or an
      // insert's rows of each length); preparing them again was 4.1% of a first sync's CPU
      // with 100 kept, 3.0% with 1,000 (the rest are texts seen once).
      statementCacheSize: 1000,
      // Rows written by one instance are visible at once; a writer waits instead of failing.
      // In WAL mode, synchronous NORMAL syncs at checkpoints rather than at every commit:
      // never corrupt, and a crash of the app loses nothing; only a power cut may lose the
      // last commits. (PostgreSQL is the production database.)
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return { ...common, type: 'postgres', url: databaseUrl, extra: { max: 10, connectionTimeoutMillis: 5000 } };
  }
  throw new Error('DATABASE_URL must start with sqlite: or postgres://.');
}
