import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, isUniqueViolation, TransactionRunner } from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { In, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbSyncRun, SyncFailure, SyncRunStatus, SyncTrigger } from '../entities/bksb-sync-run.entity';
import { BksbMetrics } from '../services/bksb-metrics';

export const MAX_LISTED_FAILURES = 200;

/** The runs that check everyone eligible: the hourly sweep and Sync now (the fast lanes check a few). */
export const SWEEP_TRIGGERS: SyncTrigger[] = ['schedule', 'manual'];

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

/** What a worker saves with its lease: the counts, and the position they are counted up to. */
export interface RunCheckpoint {
  progress: SyncProgress;
  lastPersonId: string | null;
}

/** `existing`: another start's run (running, or the one that won a simultaneous start) answers for this one. */
export type BeginOutcome = { kind: 'started' | 'existing'; run: BksbSyncRun };

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
    private readonly metrics: BksbMetrics,
  ) {}

  /** Starts a run for this instance, unless one is running (its lease alive) or the tick is done. */
  async begin(organisationId: string, trigger: SyncTrigger, tickKey: string, owner: string, leaseMs: number): Promise<BeginOutcome> {
    const now = this.clock.now();
    const running = await this.runs.findOneBy({ organisationId, status: 'running' });
    if (running) {
      const taken = await this.takeOver(running, owner, leaseMs);
      return taken ? { kind: 'started', run: taken } : { kind: 'existing', run: running };
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
      lastPersonId: null,
      failures: '[]',
      message: null,
    };
    try {
      await this.transactions.run((manager) => manager.insert(BksbSyncRun, run));
      return { kind: 'started', run };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A simultaneous start (or another instance's tick) won: its run answers for this
      // one, even if it has finished in the meantime; it is the newest of the organisation.
      const other = (await this.runs.findOneBy({ organisationId, status: 'running' })) ?? (await this.latest(organisationId));
      if (!other) throw error;
      return { kind: 'existing', run: other };
    }
  }

  /**
   * Takes a running run whose worker's lease has expired (a crashed or stopped
   * instance); answers it as stored then, to resume from its position, or null. Of
   * instances trying at once, one wins (a conditional update); its takeover is counted.
   */
  async takeOver(run: BksbSyncRun, owner: string, leaseMs: number): Promise<BksbSyncRun | null> {
    const now = this.clock.now();
    const result = await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .update(BksbSyncRun)
        .set({ owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
        .where("id = :id AND status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < :now)", { id: run.id, now: now.toISOString() })
        .execute(),
    );
    if (result.affected !== 1) return null;
    this.metrics.runTakenOver(run.trigger);
    return this.runs.findOneBy({ id: run.id, owner });
  }

  /** Running runs whose lease has expired. */
  abandoned(): Promise<BksbSyncRun[]> {
    return this.runs.findBy({ status: 'running', leaseExpiresAt: LessThan(this.clock.now()) });
  }

  /** Extends this worker's lease and saves its checkpoint; false when the run is no longer this worker's. */
  async renew(run: BksbSyncRun, owner: string, leaseMs: number, checkpoint: RunCheckpoint): Promise<boolean> {
    const result = await this.transactions.run((manager) =>
      manager.update(
        BksbSyncRun,
        { id: run.id, owner, status: 'running' },
        { leaseExpiresAt: new Date(this.clock.now().getTime() + leaseMs), lastPersonId: checkpoint.lastPersonId, ...this.progressColumns(checkpoint.progress) },
      ),
    );
    return result.affected === 1;
  }

  /**
   * Gives a run back (this instance is stopping) with its checkpoint: its lease ends now
   * and it has no owner, so another instance takes it over and a late renewal does nothing.
   */
  async release(run: BksbSyncRun, owner: string, checkpoint: RunCheckpoint): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(
        BksbSyncRun,
        { id: run.id, owner, status: 'running' },
        { owner: null, leaseExpiresAt: this.clock.now(), lastPersonId: checkpoint.lastPersonId, ...this.progressColumns(checkpoint.progress) },
      ),
    );
  }

  /** Ends this worker's run; false when it was no longer this worker's (nothing changed). */
  async finish(run: BksbSyncRun, owner: string, status: Exclude<SyncRunStatus, 'running'>, progress: SyncProgress, message: string | null): Promise<boolean> {
    const result = await this.transactions.run((manager) =>
      manager.update(
        BksbSyncRun,
        { id: run.id, owner, status: 'running' },
        { status, finishedAt: this.clock.now(), runningKey: run.id, owner: null, leaseExpiresAt: null, message, ...this.progressColumns(progress) },
      ),
    );
    return result.affected === 1;
  }

  async list(organisationId: string, limit: number): Promise<SyncRunView[]> {
    return (await this.runs.find({ where: { organisationId }, order: { startedAt: 'DESC', id: 'DESC' }, take: limit })).map(runView);
  }

  async get(organisationId: string, id: string): Promise<SyncRunView> {
    const run = await this.runs.findOneBy({ organisationId, id });
    if (!run) throw new NotFoundException(`No sync run with id ${id}.`);
    return runView(run);
  }

  /**
   * When the organisation's newest complete run of these triggers (those that check this
   * person: the sweep, and the fast lanes they are on) checked this linked person, as far
   * as the run shows: a run writes nothing for a person with nothing new, so "last synced"
   * comes from it. Null when that run did not cover them (linked later, failed, or its
   * list of failures is cut short).
   */
  async lastCheckOf(link: BksbAccountLink, triggers: SyncTrigger[] = SWEEP_TRIGGERS): Promise<Date | null> {
    if (link.state !== 'active') return null;
    const run = await this.runs.findOne({
      where: { organisationId: link.organisationId, status: In(['succeeded', 'partial']), trigger: In(triggers) },
      order: { startedAt: 'DESC', id: 'DESC' },
    });
    if (!run || run.startedAt < link.createdAt) return null;
    const failures = JSON.parse(run.failures) as SyncFailure[];
    if (failures.length < run.failureCount || failures.some((failure) => failure.personId === link.personId)) return null;
    return run.finishedAt;
  }

  latest(organisationId: string): Promise<BksbSyncRun | null> {
    return this.runs.findOne({ where: { organisationId }, order: { startedAt: 'DESC', id: 'DESC' } });
  }

  /** The organisation's newest run of these triggers. */
  latestOf(organisationId: string, triggers: SyncTrigger[]): Promise<BksbSyncRun | null> {
    return this.runs.findOne({ where: { organisationId, trigger: In(triggers) }, order: { startedAt: 'DESC', id: 'DESC' } });
  }

  /** Runs of these triggers started since an instant: how many, and what they checked and imported. */
  async tallySince(organisationId: string, triggers: SyncTrigger[], since: Date): Promise<{ runs: number; peopleChecked: number; resultsImported: number }> {
    const rows = await this.runs.find({
      where: { organisationId, trigger: In(triggers), startedAt: MoreThanOrEqual(since) },
      select: { peopleChecked: true, resultsImported: true },
    });
    return {
      runs: rows.length,
      peopleChecked: rows.reduce((sum, run) => sum + run.peopleChecked, 0),
      resultsImported: rows.reduce((sum, run) => sum + run.resultsImported, 0),
    };
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
