import { DataSource } from 'typeorm';
import type { Transaction } from '../ports/transaction.port';
import { entityManagerOf, TransactionRunner, transactionOf } from './transaction-runner';

describe('the Transaction handle the ports take', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
  });

  afterAll(() => dataSource.destroy());

  it("gives a port adapter back the manager of the caller's transaction", async () => {
    await new TransactionRunner(dataSource).run(async (manager) => {
      expect(entityManagerOf(transactionOf(manager))).toBe(manager);
    });
  });

  it('refuses a handle that TransactionRunner did not make', () => {
    expect(() => entityManagerOf({} as Transaction)).toThrow('The transaction was not made by transactionOf');
    expect(() => entityManagerOf(dataSource.manager as unknown as Transaction)).toThrow('not made by transactionOf');
  });
});
