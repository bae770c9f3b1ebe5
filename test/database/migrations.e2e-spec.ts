import { runMigrations } from '@picsweb/common';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../apps/picsweb/src/database/schema';
import { openDataSource } from '../support/test-data-source';
import { createTestDatabase, onPostgres, TestDatabase } from '../support/test-database';

async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = onPostgres
    ? await dataSource.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`)
    : await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table'`);
  return rows.map((row) => row.name).filter((name) => name !== 'migrations' && !name.startsWith('sqlite_'));
}

async function undoAll(dataSource: DataSource): Promise<void> {
  for (let i = 0; i < MIGRATIONS.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
}

describe(`migrations (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDataSource(database.url);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('run up and down twice in a row without error, leaving nothing behind', async () => {
    for (let round = 0; round < 2; round += 1) {
      await runMigrations(dataSource);
      expect(await dataSource.showMigrations()).toBe(false);
      expect(await tableNames(dataSource)).toContain('organisations');
      await undoAll(dataSource);
      expect(await tableNames(dataSource)).toEqual([]);
    }
  });

  it('leave the schema exactly as the entities describe it (no drift)', async () => {
    await runMigrations(dataSource);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('are applied once when several instances start together', async () => {
    await undoAll(dataSource);
    const instances = await Promise.all([openDataSource(database.url), openDataSource(database.url), openDataSource(database.url)]);
    try {
      await Promise.all(instances.map((instance) => runMigrations(instance)));
      const applied: unknown[] = await dataSource.query('SELECT name FROM migrations');
      expect(applied).toHaveLength(MIGRATIONS.length);
    } finally {
      await Promise.all(instances.map((instance) => instance.destroy()));
    }
  });
});
