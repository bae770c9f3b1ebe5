import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

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

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialise) return this.dataSource.transaction(work);
    const result = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = result.catch(() => undefined);
    return result;
  }
}
