import { randomUUID } from 'node:crypto';
import { runMigrations, TransactionRunner } from '@picsweb/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { Organisation } from '../../apps/picsweb/src/organisations/organisation.entity';
import { openDataSource } from '../support/test-data-source';
import { createTestDatabase, onPostgres, TestDatabase } from '../support/test-database';

describe(`TransactionRunner (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let transactions: TransactionRunner;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDataSource(database.url);
    await runMigrations(dataSource);
    transactions = new TransactionRunner(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const insertSlowly = (name: string, fail = false) =>
    transactions.run(async (manager) => {
      await manager.insert(Organisation, { id: randomUUID(), name, nameKey: name, createdAt: new Date() });
      await sleep(30);
      await manager.insert(Organisation, { id: randomUUID(), name: `${name} second`, nameKey: `${name} second`, createdAt: new Date() });
      if (fail) throw new Error(`${name} failed on purpose`);
    });

  it('commits concurrent transactions correctly, and rolls back only the one that fails', async () => {
    const outcomes = await Promise.allSettled([insertSlowly('A'), insertSlowly('B', true), insertSlowly('C')]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const names = (await dataSource.getRepository(Organisation).find()).map((o) => o.name).sort();
    expect(names).toEqual(['A', 'A second', 'C', 'C second']);
  });

  it('keeps working after a failed transaction', async () => {
    await expect(insertSlowly('D', true)).rejects.toThrow('D failed on purpose');
    await insertSlowly('E');
    const names = (await dataSource.getRepository(Organisation).find()).map((o) => o.name);
    expect(names).toContain('E second');
    expect(names).not.toContain('D');
  });
});
