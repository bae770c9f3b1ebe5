import { randomUUID } from 'node:crypto';
import { runMigrations, TransactionRunner } from '@picsweb/common';
import { DataSource } from 'typeorm';
import { Organisation } from '../../apps/picsweb/src/organisations/organisation.entity';
import { eventually } from '../support/eventually';
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

  /**
   * Transactions of two inserts each, every one held open between its inserts until all
   * `count` have been asked for, so that they overlap wherever the runner lets them.
   */
  const overlapping = (count: number) => {
    let asked = 0;
    return (name: string, fail = false) => {
      asked += 1;
      return transactions.run(async (manager) => {
        await manager.insert(Organisation, { id: randomUUID(), name, nameKey: name, createdAt: new Date() });
        await eventually(`all ${count} transactions to be asked for`, () => asked === count);
        await manager.insert(Organisation, { id: randomUUID(), name: `${name} second`, nameKey: `${name} second`, createdAt: new Date() });
        if (fail) throw new Error(`${name} failed on purpose`);
      });
    };
  };

  it('commits concurrent transactions correctly, and rolls back only the one that fails', async () => {
    const insertSlowly = overlapping(3);
    const outcomes = await Promise.allSettled([insertSlowly('A'), insertSlowly('B', true), insertSlowly('C')]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const names = (await dataSource.getRepository(Organisation).find()).map((o) => o.name).sort();
    expect(names).toEqual(['A', 'A second', 'C', 'C second']);
  });

  it('keeps working after a failed transaction', async () => {
    await expect(overlapping(1)('D', true)).rejects.toThrow('D failed on purpose');
    await overlapping(1)('E');
    const names = (await dataSource.getRepository(Organisation).find()).map((o) => o.name);
    expect(names).toContain('E second');
    expect(names).not.toContain('D');
  });
});
