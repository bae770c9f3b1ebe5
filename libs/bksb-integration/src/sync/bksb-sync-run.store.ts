import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, isUniqueViolation, TransactionRunner } from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { In, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbSyncRequest, SyncRequestStatus, SyncScope } from '../entities/bksb-sync-request.entity';
import { BksbSyncRun, SyncFailure, SyncRunStatus, SyncTrigger } from '../entities/bksb-sync-run.entity';
import { BksbMetrics } from '../services/bksb-metrics';

export const MAX_LISTED_FAILURES = 200;

/** Whom a trigger's request checks. */
export const SCOPE_OF: Record<SyncTrigger, SyncScope> = { schedule: 'everyone', manual: 'everyone', fresh: 'new-accounts', session: 'sessions' };
/** Presses of Sync now this close after the run of a press started are one request (they arrived together). */
export const PRESSES_TOGETHER_MS = 5000;

/** Scopes from the widest; each covers those after it. */
export const SCOPES: readonly SyncScope[] = ['everyone', 'new-accounts', 'sessions'];
/** The scopes a run of this scope serves: its own and the narrower ones. */
export const coveredBy = (scope: SyncScope): SyncScope[] => SCOPES.slice(SCOPES.indexOf(scope));
const SCOPE_RANK = `CASE request.scope ${SCOPES.map((scope, rank) => `WHEN '${scope}' THEN ${rank}`).join(' ')} END`;

/** The runs that check everyone eligible: the hourly sweep and Sync now (the fast lanes check a few). */
export const SWEEP_TRIGGERS: SyncTrigger[] = ['schedule', 'manual'];

export interface SyncProgress {
  peopleChecked: number;
  /** People whose link changed while their results were being fetched (their fetch dropped). */
  changedWhileChecking: number;
  resultsImported: number;
  tagsApplied: number;
  apiCalls: number;
  failureCount: number;
  failures: SyncFailure[];
}

export interface SyncRunView extends SyncProgress {
  id: string;
  trigger: SyncTrigger;
  scope: SyncScope;
  /** The requests it serves. */
  requestIds: string[];
  /** How many people it will check, once counted; null before. */
  total: number | null;
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

export interface SyncRequestView {
  id: string;
  scope: SyncScope;
  trigger: SyncTrigger;
  status: SyncRequestStatus;
  runId: string | null;
  /** While queued: the organisation's run in progress, which it waits for. */
  queuedBehindRunId: string | null;
  requestedAt: Date;
}

const runView = (run: BksbSyncRun, requestIds: string[]): SyncRunView => ({
  id: run.id,
  trigger: run.trigger,
  scope: run.scope,
  requestIds,
  status: run.status,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
  peopleChecked: run.peopleChecked,
  resultsImported: run.resultsImported,
  tagsApplied: run.tagsApplied,
  apiCalls: run.apiCalls,
  failureCount: run.failureCount,
  failures: JSON.parse(run.failures) as SyncFailure[],
  changedWhileChecking: run.changedWhileChecking,
  total: run.total,
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
    @InjectRepository(BksbSyncRequest) private readonly requests: Repository<BksbSyncRequest>,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly metrics: BksbMetrics,
  ) {}

  /**
   * Records a reason to sync the organisation and answers the request that stands for
   * it: a new one, or the one that already does (the same tick seen by another instance;
   * a queued request of a scope that covers a fast lane's tick; for Sync now, a queued
   * press or one whose run started within PRESSES_TOGETHER_MS). Nothing starts here.
   */
  async request(organisationId: string, trigger: SyncTrigger, key: string): Promise<BksbSyncRequest> {
    const scope = SCOPE_OF[trigger];
    const joined = await this.joinable(organisationId, trigger);
    if (joined) return joined;
    const request: BksbSyncRequest = { id: randomUUID(), organisationId, scope, trigger, requestKey: key, status: 'queued', runId: null, requestedAt: this.clock.now() };
    try {
      await this.transactions.run((manager) => manager.insert(BksbSyncRequest, request));
      return request;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A simultaneous request won (the same tick, or a press): it stands for this one.
      const other = (await this.requests.findOneBy({ organisationId, requestKey: key })) ?? (await this.joinable(organisationId, trigger));
      if (!other) throw error;
      return other;
    }
  }

  /** The request that already stands for a new one of this trigger, if any. */
  private async joinable(organisationId: string, trigger: SyncTrigger): Promise<BksbSyncRequest | null> {
    if (trigger === 'schedule') return null;
    if (trigger !== 'manual') {
      return this.requests.findOne({ where: { organisationId, status: 'queued', scope: In(SCOPES.slice(0, SCOPES.indexOf(SCOPE_OF[trigger]) + 1)) }, order: { requestedAt: 'ASC' } });
    }
    const press = await this.requests.findOne({ where: { organisationId, trigger: 'manual', status: In(['queued', 'running']) }, order: { requestedAt: 'DESC', id: 'DESC' } });
    if (!press || press.status === 'queued') return press;
    const run = await this.runs.findOneBy({ id: press.runId!, status: 'running' });
    return run && this.clock.now().getTime() - run.startedAt.getTime() <= PRESSES_TOGETHER_MS ? press : null;
  }

  async requestView(organisationId: string, id: string): Promise<SyncRequestView> {
    const request = await this.requests.findOneBy({ organisationId, id });
    if (!request) throw new NotFoundException(`No sync request with id ${id}.`);
    return (await this.requestViews(organisationId, [request]))[0];
  }

  /** The organisation's queued requests, oldest first. */
  async queued(organisationId: string): Promise<SyncRequestView[]> {
    return this.requestViews(organisationId, await this.requests.find({ where: { organisationId, status: 'queued' }, order: { requestedAt: 'ASC', id: 'ASC' } }));
  }

  /** Organisations with a queued request (for the instances' periodic look, should a run's end not have started the next). */
  async organisationsWithQueued(): Promise<string[]> {
    const rows = await this.requests
      .createQueryBuilder('request')
      .select('DISTINCT request.organisation_id', 'organisationId')
      .where("request.status = 'queued'")
      .getRawMany<{ organisationId: string }>();
    return rows.map((row) => row.organisationId);
  }

  private async requestViews(organisationId: string, requests: BksbSyncRequest[]): Promise<SyncRequestView[]> {
    const running = requests.some((request) => request.status === 'queued') ? await this.runs.findOneBy({ organisationId, status: 'running' }) : null;
    return requests.map((request) => ({
      id: request.id,
      scope: request.scope,
      trigger: request.trigger,
      status: request.status,
      runId: request.runId,
      queuedBehindRunId: request.status === 'queued' ? (running?.id ?? null) : null,
      requestedAt: request.requestedAt,
    }));
  }

  /**
   * Starts the organisation's next run for this instance, unless one is running: the
   * oldest widest queued request's (Sync now before a tick of the same scope, since a
   * person waits on it), which also serves every queued request of a scope it covers.
   * The run and its requests change in one transaction; of instances trying at once, one
   * wins (one running run per organisation). Null when nothing was started.
   */
  async startNext(organisationId: string, owner: string, leaseMs: number): Promise<BksbSyncRun | null> {
    if (await this.runs.existsBy({ organisationId, status: 'running' })) return null;
    try {
      return await this.transactions.run(async (manager) => {
        const next = await manager
          .createQueryBuilder(BksbSyncRequest, 'request')
          .where("request.organisation_id = :organisationId AND request.status = 'queued'", { organisationId })
          .orderBy(SCOPE_RANK, 'ASC')
          .addOrderBy("CASE request.trigger WHEN 'manual' THEN 0 ELSE 1 END", 'ASC')
          .addOrderBy('request.requested_at', 'ASC')
          .addOrderBy('request.id', 'ASC')
          .getOne();
        if (!next) return null;
        const now = this.clock.now();
        const run: BksbSyncRun = {
          id: randomUUID(),
          organisationId,
          trigger: next.trigger,
          scope: next.scope,
          status: 'running',
          startedAt: now,
          finishedAt: null,
          runningKey: organisationId,
          tickKey: next.requestKey,
          owner,
          leaseExpiresAt: new Date(now.getTime() + leaseMs),
          peopleChecked: 0,
          resultsImported: 0,
          tagsApplied: 0,
          apiCalls: 0,
          failureCount: 0,
          changedWhileChecking: 0,
          total: null,
          lastPersonId: null,
          failures: '[]',
          message: null,
        };
        await manager.insert(BksbSyncRun, run);
        await manager.update(BksbSyncRequest, { organisationId, status: 'queued', scope: In(coveredBy(next.scope)) }, { status: 'running', runId: run.id });
        return run;
      });
    } catch (error) {
      // Another instance started the organisation's run first: it serves the requests.
      if (isUniqueViolation(error)) return null;
      throw error;
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

  /** Running runs whose lease has expired (of one organisation, or all); found through the partial index of running runs. */
  abandoned(organisationId?: string): Promise<BksbSyncRun[]> {
    return this.runs.findBy({ organisationId, status: 'running', leaseExpiresAt: LessThan(this.clock.now()) });
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

  /** Ends this worker's run and the requests it served; false when it was no longer this worker's (nothing changed). */
  async finish(run: BksbSyncRun, owner: string, status: Exclude<SyncRunStatus, 'running'>, progress: SyncProgress, message: string | null): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const result = await manager.update(
        BksbSyncRun,
        { id: run.id, owner, status: 'running' },
        { status, finishedAt: this.clock.now(), runningKey: run.id, owner: null, leaseExpiresAt: null, message, ...this.progressColumns(progress) },
      );
      if (result.affected !== 1) return false;
      await manager.update(BksbSyncRequest, { runId: run.id }, { status: 'done' });
      return true;
    });
  }

  /** Counts the people a run will check, for "x of N". */
  async setTotal(run: BksbSyncRun, owner: string, total: number): Promise<void> {
    await this.transactions.run((manager) => manager.update(BksbSyncRun, { id: run.id, owner, status: 'running' }, { total }));
  }

  async list(organisationId: string, limit: number): Promise<SyncRunView[]> {
    return this.views(await this.runs.find({ where: { organisationId }, order: { startedAt: 'DESC', id: 'DESC' }, take: limit }));
  }

  async get(organisationId: string, id: string): Promise<SyncRunView> {
    const run = await this.runs.findOneBy({ organisationId, id });
    if (!run) throw new NotFoundException(`No sync run with id ${id}.`);
    return (await this.views([run]))[0];
  }

  /** Runs as shown, each with the ids of the requests it serves. */
  async views(runs: BksbSyncRun[]): Promise<SyncRunView[]> {
    const served = runs.length
      ? await this.requests.find({ where: { runId: In(runs.map((run) => run.id)) }, select: { id: true, runId: true }, order: { requestedAt: 'ASC', id: 'ASC' } })
      : [];
    return runs.map((run) => runView(run, served.flatMap((request) => (request.runId === run.id ? [request.id] : []))));
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

  /** Deletes finished runs older than the cutoff, and the requests they served; returns how many runs. */
  async prune(cutoff: Date): Promise<number> {
    return this.transactions.run(async (manager) => {
      const before = { cutoff: cutoff.toISOString() };
      await manager.createQueryBuilder().delete().from(BksbSyncRequest).where("status = 'done' AND requested_at < :cutoff", before).execute();
      const result = await manager.createQueryBuilder().delete().from(BksbSyncRun).where("status <> 'running' AND started_at < :cutoff", before).execute();
      return result.affected ?? 0;
    });
  }

  private progressColumns(progress: SyncProgress): Partial<BksbSyncRun> {
    return {
      peopleChecked: progress.peopleChecked,
      changedWhileChecking: progress.changedWhileChecking,
      resultsImported: progress.resultsImported,
      tagsApplied: progress.tagsApplied,
      apiCalls: progress.apiCalls,
      failureCount: progress.failureCount,
      failures: JSON.stringify(progress.failures.slice(0, MAX_LISTED_FAILURES)),
    };
  }
}
