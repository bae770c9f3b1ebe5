import { Injectable } from '@nestjs/common';
import { Clock, TransactionRunner } from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { SystemLogEntry, SystemLogLevel } from './system-log-entry.entity';

export interface SystemLogLine {
  organisationId: string;
  source: string;
  level?: SystemLogLevel;
  actor: string | null;
  message: string;
}

/** Writes and reads organisations' system logs. */
@Injectable()
export class SystemLogService {
  constructor(
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Writes a line; inside a transaction when given its manager, so it lands with the change it records. */
  async write(line: SystemLogLine, manager?: EntityManager): Promise<void> {
    const entry: SystemLogEntry = {
      id: randomUUID(),
      at: this.clock.now(),
      level: line.level ?? 'info',
      organisationId: line.organisationId,
      source: line.source,
      actor: line.actor,
      message: line.message.slice(0, 2000),
    };
    if (manager) await manager.insert(SystemLogEntry, entry);
    else await this.transactions.run((own) => own.insert(SystemLogEntry, entry));
  }
}
