import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, isUniqueViolation, TransactionRunner } from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { BksbSyncRun, SyncFailure, SyncRunStatus, SyncTrigger } from '../entities/bksb-sync-run.entity';

export const MAX_LISTED_FAILURES = 200;

export interface SyncProgress {
  peopleChecked: number;
  resultsImported: number;
  tagsApplied: number;
  apiCalls: number;
  failureCount: number;
  failures: SyncFailure[];
}

export interface SyncRunView extends SyncProgress {
  id: string;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  /** Why a failed run could not go on. */
  message: string | null;
}

export type BeginOutcome = { kind: 'started'; run: BksbSyncRun } | { kind: 'already-running'; run: BksbSyncRun } | { kind: 'tick-taken' };

export const runView = (run: BksbSyncRun): SyncRunView => ({
  id: run.id,
  trigger: run.trigger,
  status: run.status,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
  peopleChecked: run.peopleChecked,
  resultsImported: run.resultsImported,
  tagsApplied: run.tagsApplied,
  apiCalls: run.apiCalls,
  failureCount: run.failureCount,
  failures: JSON.parse(run.failures) as SyncFailure[],
  message: run.message,
});

/**
 * Sync runs in the database: the one place their state changes, each through a
 * conditional update, so a duplicate or late worker does nothing. One running run per
 * organisation (unique running_key) and one run per organisation and scheduled tick
 * (unique tick_key), however many instances share the database.
 */
@Injectable()
export class BksbSyncRunStore {
  constructor(
    @InjectRepository(BksbSyncRun) private readonly runs: Repository<BksbSyncRun>,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Starts a run for this instance, unless one is running (its lease alive) or the tick is done. */
  async begin(organisationId: string, trigger: SyncTrigger, tickKey: string, owner: string, leaseMs: number): Promise<BeginOutcome> {
    const now = this.clock.now();
    const running = await this.runs.findOneBy({ organisationId, status: 'running' });
    if (running) {
      if (await this.takeOver(running, owner, leaseMs)) return { kind: 'started', run: (await this.runs.findOneBy({ id: running.id }))! };
      return { kind: 'already-running', run: running };
    }
    const run: BksbSyncRun = {
      id: randomUUID(),
      organisationId,
      trigger,
      status: 'running',
      startedAt: now,
      finishedAt: null,
      runningKey: organisationId,
      tickKey,
      owner,
      leaseExpiresAt: new Date(now.getTime() + leaseMs),
      peopleChecked: 0,
      resultsImported: 0,
      tagsApplied: 0,
      apiCalls: 0,
      failureCount: 0,
      failures: '[]',
      message: null,
    };
    try {
      await this.transactions.run((manager) => manager.insert(BksbSyncRun, run));
      return { kind: 'started', run };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const other = await this.runs.findOneBy({ organisationId, status: 'running' });
      return other ? { kind: 'already-running', run: other } : { kind: 'tick-taken' };
    }
  }

  /** Takes a running run whose worker's lease has expired (a crashed or stopped instance). */
  async takeOver(run: BksbSyncRun, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .update(BksbSyncRun)
        .set({ owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
        .where("id = :id AND status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < :now)", { id: run.id, now: now.toISOString() })
        .execute(),
    );
    return result.affected === 1;
  }

  /** Running runs whose lease has expired. */
  abandoned(): Promise<BksbSyncRun[]> {
    return this.runs.findBy({ status: 'running', leaseExpiresAt: LessThan(this.clock.now()) });
  }

  /** Extends this worker's lease and saves progress; false when the run is no longer this worker's. */
  async renew(run: BksbSyncRun, owner: string, leaseMs: number, progress: SyncProgress): Promise<boolean> {
    const result = await this.transactions.run((manager) =>
      manager.update(
        BksbSyncRun,
        { id: run.id, owner, status: 'running' },
        { leaseExpiresAt: new Date(this.clock.now().getTime() + leaseMs), ...this.progressColumns(progress) },
      ),
    );
    return result.affected === 1;
  }

  /** Gives a run back (this instance is stopping): its lease ends now, so another instance takes it over. */
  async release(run: BksbSyncRun, owner: string, progress: SyncProgress): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(BksbSyncRun, { id: run.id, owner, status: 'running' }, { leaseExpiresAt: this.clock.now(), ...this.progressColumns(progress) }),
    );
  }

  async finish(run: BksbSyncRun, owner: string, status: Exclude<SyncRunStatus, 'running'>, progress: SyncProgress, message: string | null): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(
        BksbSyncRun,
        { id: run.id, owner, status: 'running' },
        { status, finishedAt: this.clock.now(), runningKey: run.id, owner: null, leaseExpiresAt: null, message, ...this.progressColumns(progress) },
      ),
    );
  }

  async list(organisationId: string, limit: number): Promise<SyncRunView[]> {
    return (await this.runs.find({ where: { organisationId }, order: { startedAt: 'DESC', id: 'DESC' }, take: limit })).map(runView);
  }

  async get(organisationId: string, id: string): Promise<SyncRunView> {
    const run = await this.runs.findOneBy({ organisationId, id });
    if (!run) throw new NotFoundException(`No sync run with id ${id}.`);
    return runView(run);
  }

  latest(organisationId: string): Promise<BksbSyncRun | null> {
    return this.runs.findOne({ where: { organisationId }, order: { startedAt: 'DESC', id: 'DESC' } });
  }

  /** Deletes finished runs older than the cutoff; returns how many. */
  async prune(cutoff: Date): Promise<number> {
    const result = await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .delete()
        .from(BksbSyncRun)
        .where("status <> 'running' AND started_at < :cutoff", { cutoff: cutoff.toISOString() })
        .execute(),
    );
    return result.affected ?? 0;
  }

  private progressColumns(progress: SyncProgress): Partial<BksbSyncRun> {
    return {
      peopleChecked: progress.peopleChecked,
      resultsImported: progress.resultsImported,
      tagsApplied: progress.tagsApplied,
      apiCalls: progress.apiCalls,
      failureCount: progress.failureCount,
      failures: JSON.stringify(progress.failures.slice(0, MAX_LISTED_FAILURES)),
    };
  }
}
