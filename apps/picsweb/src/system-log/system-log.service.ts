import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, entityManagerOf, Page, PageQueryDto, pageWindow, SystemLogLine, SystemLogWriter, Transaction, TransactionRunner } from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { FindOptionsWhere, Repository } from 'typeorm';
import { SystemLogEntry } from './system-log-entry.entity';

export type SystemLogView = Omit<SystemLogEntry, 'organisationId'>;

/** Writes and reads organisations' system logs; the host's implementation of the system log port. */
@Injectable()
export class SystemLogService implements SystemLogWriter {
  constructor(
    @InjectRepository(SystemLogEntry) private readonly entries: Repository<SystemLogEntry>,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Writes a line; inside a transaction when given one, so it lands with the change it records. */
  write(line: SystemLogLine, transaction?: Transaction): Promise<void> {
    return this.writeAll([line], transaction);
  }

  async writeAll(lines: SystemLogLine[], transaction?: Transaction): Promise<void> {
    if (lines.length === 0) return;
    const at = this.clock.now();
    const entries: SystemLogEntry[] = lines.map((line) => ({
      id: randomUUID(),
      at,
      level: line.level ?? 'info',
      organisationId: line.organisationId,
      source: line.source,
      actor: line.actor,
      message: line.message.slice(0, 2000),
    }));
    if (transaction) await entityManagerOf(transaction).insert(SystemLogEntry, entries);
    else await this.transactions.run((own) => own.insert(SystemLogEntry, entries));
  }

  /** The organisation's log, newest first, optionally of one source. */
  async list(organisationId: string, source: string | undefined, query: PageQueryDto): Promise<Page<SystemLogView>> {
    const { page, pageSize, skip } = pageWindow(query);
    const where: FindOptionsWhere<SystemLogEntry> = { organisationId, ...(source ? { source } : {}) };
    const [rows, total] = await this.entries.findAndCount({ where, order: { at: 'DESC', id: 'DESC' }, skip, take: pageSize });
    return { items: rows.map(({ organisationId: _organisation, ...view }) => view), total, page, pageSize };
  }
}
