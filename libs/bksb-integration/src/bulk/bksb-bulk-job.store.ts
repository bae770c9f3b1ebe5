import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, isUniqueViolation, PersonType, TransactionRunner } from '@picsweb/common';
import { EntityManager, In, IsNull, LessThan, Repository } from 'typeorm';
import { BksbBulkJob, BksbBulkJobItem, BulkAction, BulkJobStatus, BulkOutcome } from '../entities/bksb-bulk-job.entity';

export interface BulkOutcomeView {
  personType: PersonType;
  personId: string;
  name: string;
  outcome: BulkOutcome;
  message: string | null;
}

export interface BulkJobView {
  id: string;
  action: BulkAction;
  status: BulkJobStatus;
  total: number;
  /** How many people have an outcome. */
  done: number;
  counts: Record<BulkOutcome, number>;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** Why a failed job could not go on. */
  message: string | null;
  /** In the job's order; people not yet worked on are left out. */
  outcomes: BulkOutcomeView[];
}

/** A job without its outcomes: what a page says about it in passing. */
export type BulkJobProgress = Pick<BulkJobView, 'id' | 'action' | 'status' | 'total' | 'done' | 'startedAt'>;

/** One person as a job is started with. */
export interface BulkPerson {
  type: PersonType;
  id: string;
  name: string;
}

/** Rows per insert: well under the bound variables SQLite and PostgreSQL take in one statement. */
const INSERT_CHUNK = 500;

/**
 * Bulk jobs in the database: the one place their state changes, each through a
 * conditional update, so a late or duplicate worker does nothing. One running job per
 * organisation (unique running_key), however many instances share the database; an
 * outcome is written once per person.
 */
@Injectable()
export class BksbBulkJobStore {
  constructor(
    @InjectRepository(BksbBulkJob) private readonly jobs: Repository<BksbBulkJob>,
    @InjectRepository(BksbBulkJobItem) private readonly items: Repository<BksbBulkJobItem>,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  running(organisationId: string): Promise<BksbBulkJob | null> {
    return this.jobs.findOneBy({ organisationId, status: 'running' });
  }

  /**
   * Saves a new running job with its people, and whatever else `alsoWrite` writes (the
   * system log line) in the same transaction. Null when the organisation already has a
   * running job (a simultaneous start, or another instance's, won).
   */
  async create(job: BksbBulkJob, people: BulkPerson[], alsoWrite: (manager: EntityManager) => Promise<void>): Promise<BksbBulkJob | null> {
    const items: BksbBulkJobItem[] = people.map((person, position) => ({
      jobId: job.id,
      personId: person.id,
      position,
      personType: person.type,
      name: person.name.slice(0, 200),
      outcome: null,
      message: null,
    }));
    try {
      await this.transactions.run(async (manager) => {
        await manager.insert(BksbBulkJob, job);
        for (let i = 0; i < items.length; i += INSERT_CHUNK) await manager.insert(BksbBulkJobItem, items.slice(i, i + INSERT_CHUNK));
        await alsoWrite(manager);
      });
      return job;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** Takes a running job whose worker's lease has expired (a stopped instance); answers it as stored, or null. */
  async takeOver(job: BksbBulkJob, owner: string, leaseMs: number): Promise<BksbBulkJob | null> {
    const now = this.clock.now();
    const result = await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .update(BksbBulkJob)
        .set({ owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
        .where("id = :id AND status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < :now)", { id: job.id, now: now.toISOString() })
        .execute(),
    );
    return result.affected === 1 ? this.jobs.findOneBy({ id: job.id, owner }) : null;
  }

  /** Running jobs whose lease has expired. */
  abandoned(): Promise<BksbBulkJob[]> {
    return this.jobs.findBy({ status: 'running', leaseExpiresAt: LessThan(this.clock.now()) });
  }

  /** Extends this worker's lease; false when the job is no longer this worker's. */
  async renew(job: BksbBulkJob, owner: string, leaseMs: number): Promise<boolean> {
    const result = await this.transactions.run((manager) =>
      manager.update(BksbBulkJob, { id: job.id, owner, status: 'running' }, { leaseExpiresAt: new Date(this.clock.now().getTime() + leaseMs) }),
    );
    return result.affected === 1;
  }

  /** Gives a job back (this instance is stopping): its lease ends now, so another instance takes it over at once. */
  async release(job: BksbBulkJob, owner: string): Promise<void> {
    await this.transactions.run((manager) => manager.update(BksbBulkJob, { id: job.id, owner, status: 'running' }, { owner: null, leaseExpiresAt: this.clock.now() }));
  }

  /** Ends the job; false when it was not this worker's to end. */
  async finish(job: BksbBulkJob, owner: string, status: Exclude<BulkJobStatus, 'running'>, message: string | null, alsoWrite: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const result = await manager.update(
        BksbBulkJob,
        { id: job.id, owner, status: 'running' },
        { status, message, finishedAt: this.clock.now(), runningKey: job.id, owner: null, leaseExpiresAt: null },
      );
      if (result.affected !== 1) return false;
      await alsoWrite(manager);
      return true;
    });
  }

  /** The people still to work on, in order. */
  pending(jobId: string): Promise<BksbBulkJobItem[]> {
    return this.items.find({ where: { jobId, outcome: IsNull() }, order: { position: 'ASC' } });
  }

  /**
   * Writes a person's outcome while the job is this worker's, unless one is written already.
   * The job's row is locked first (an update that changes nothing), so a takeover waits for
   * the outcome, then reads it among the people done. False when the job is no longer this
   * worker's: nothing is written (a late worker's outcome is dropped).
   */
  async record(job: BksbBulkJob, owner: string, personId: string, outcome: BulkOutcome, message: string | null): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const mine = await manager.update(BksbBulkJob, { id: job.id, owner, status: 'running' }, { owner });
      if (mine.affected !== 1) return false;
      await manager.update(BksbBulkJobItem, { jobId: job.id, personId, outcome: IsNull() }, { outcome, message: message?.slice(0, 500) ?? null });
      return true;
    });
  }

  async view(organisationId: string, id: string): Promise<BulkJobView> {
    const job = await this.jobs.findOneBy({ organisationId, id });
    if (!job) throw new NotFoundException(`No bulk action with id ${id}.`);
    const finished = await this.items.find({ where: { jobId: id, outcome: In(['done', 'skipped', 'failed']) }, order: { position: 'ASC' } });
    const counts: Record<BulkOutcome, number> = { done: 0, skipped: 0, failed: 0 };
    for (const item of finished) counts[item.outcome!] += 1;
    return {
      id: job.id,
      action: job.action,
      status: job.status,
      total: job.total,
      done: finished.length,
      counts,
      startedBy: job.startedBy,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      message: job.message,
      outcomes: finished.map((item) => ({ personType: item.personType, personId: item.personId, name: item.name, outcome: item.outcome!, message: item.message })),
    };
  }

  /** The organisation's newest job and how far it has got, or null. */
  async latest(organisationId: string): Promise<BulkJobProgress | null> {
    const job = await this.jobs.findOne({ where: { organisationId }, order: { startedAt: 'DESC', id: 'DESC' } });
    if (!job) return null;
    const done = await this.items.countBy({ jobId: job.id, outcome: In(['done', 'skipped', 'failed']) });
    return { id: job.id, action: job.action, status: job.status, total: job.total, done, startedAt: job.startedAt };
  }

  /** Deletes finished jobs (and their people) started before the cutoff; returns how many jobs. */
  async prune(cutoff: Date): Promise<number> {
    return this.transactions.run(async (manager) => {
      const old = await manager
        .createQueryBuilder(BksbBulkJob, 'job')
        .select('job.id', 'id')
        .where("job.status <> 'running' AND job.started_at < :cutoff", { cutoff: cutoff.toISOString() })
        .getRawMany<{ id: string }>();
      if (old.length === 0) return 0;
      const ids = old.map((row) => row.id);
      await manager.delete(BksbBulkJobItem, { jobId: In(ids) });
      await manager.delete(BksbBulkJob, { id: In(ids) });
      return ids.length;
    });
  }
}
