import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Transaction } from '../ports/transaction.port';

/** A TypeORM transaction as the ports see it. */
class TypeOrmTransaction {
  constructor(readonly manager: EntityManager) {}
}

/** The handle to give a port (mailer, system log, tagging) so its writes join this transaction. */
export function transactionOf(manager: EntityManager): Transaction {
  return new TypeOrmTransaction(manager) as unknown as Transaction;
}

/** The manager of a handle made by `transactionOf` (the host's port adapters). */
export function entityManagerOf(transaction: Transaction): EntityManager {
  if (transaction instanceof TypeOrmTransaction) return transaction.manager;
  throw new Error('The transaction was not made by transactionOf: a port can only join a TransactionRunner transaction.');
}

/**
 * The one way to run a transaction. PostgreSQL runs transactions side by side. The
 * embedded SQLite driver has a single connection, where a second transaction started
 * meanwhile fails and other statements join the open one (typeorm#8668), so there
 * every transaction waits its turn in one queue. Never call bksb inside `work`.
 */
@Injectable()
export class TransactionRunner {
  private readonly serialise: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly commitListeners: Array<() => void> = [];

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const done = this.serialise ? this.queue.then(() => this.dataSource.transaction(work)) : this.dataSource.transaction(work);
    if (this.serialise) this.queue = done.catch(() => undefined);
    return done.then((result) => {
      for (const listener of this.commitListeners) listener();
      return result;
    });
  }

  /** Calls `listener` after each transaction committed here, e.g. to drop what a cache read before it. */
  onCommit(listener: () => void): void {
    this.commitListeners.push(listener);
  }
}
