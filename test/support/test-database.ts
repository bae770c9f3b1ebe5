import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  kind: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

/** True when the database tests run on PostgreSQL (TEST_DATABASE_URL is set). */
export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A fresh, empty database for one test file (or a bench): an embedded SQLite file by
 * default, or a new PostgreSQL database on the server named by TEST_DATABASE_URL (or
 * the `adminUrl` given).
 */
export async function createTestDatabase(adminUrl = process.env.TEST_DATABASE_URL): Promise<TestDatabase> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  if (!adminUrl) {
    const file = join(tmpdir(), `picsweb-test-${suffix}.sqlite`);
    return {
      url: `sqlite:${file}`,
      kind: 'sqlite',
      drop: async () => ['', '-wal', '-shm'].forEach((end) => rmSync(file + end, { force: true })),
    };
  }
  const name = `picsweb_test_${suffix}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgres',
    drop: async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
