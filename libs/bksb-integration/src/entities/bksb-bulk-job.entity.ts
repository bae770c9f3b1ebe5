import { InstantColumn, PersonType } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const BULK_ACTIONS = ['create', 'link-suggested'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export type BulkJobStatus = 'running' | 'done' | 'failed';
export type BulkOutcome = 'done' | 'skipped' | 'failed';

/**
 * One bulk action of one organisation (create or link accounts for many people). Like a
 * sync run, its state changes only through BksbBulkJobStore's conditional updates; the
 * running key allows one running job per organisation, and the lease lets another
 * instance finish the job of one that stopped.
 */
@Entity('bksb_bulk_jobs')
@Index('ix_bksb_bulk_jobs_organisation_started', ['organisationId', 'startedAt'])
@Index('uq_bksb_bulk_jobs_running', ['runningKey'], { unique: true })
export class BksbBulkJob {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @Column({ type: 'varchar', length: 20 })
  action!: BulkAction;

  @Column({ type: 'varchar', length: 10 })
  status!: BulkJobStatus;

  /** The organisation id while running (one running job per organisation), the job's own id after. */
  @Column({ name: 'running_key', type: 'varchar', length: 36 })
  runningKey!: string;

  /** The email of who started it: the actor of every account it makes. */
  @Column({ name: 'started_by', type: 'varchar', length: 320 })
  startedBy!: string;

  @InstantColumn({ name: 'started_at' })
  startedAt!: Date;

  @InstantColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  /** The instance working on it, until its lease expires; then another may take it over. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  owner!: string | null;

  @InstantColumn({ name: 'lease_expires_at', nullable: true })
  leaseExpiresAt!: Date | null;

  @Column({ type: 'integer' })
  total!: number;

  /** Why a failed job could not go on. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  message!: string | null;
}

/** One person of a bulk job; the outcome is written once (null until then). */
@Entity('bksb_bulk_job_items')
@Index('uq_bksb_bulk_job_items_position', ['jobId', 'position'], { unique: true })
export class BksbBulkJobItem {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 36 })
  jobId!: string;

  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  /** The order people are worked on and listed in. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'person_type', type: 'varchar', length: 10 })
  personType!: PersonType;

  /** The person's name when the job started, for the job's page. */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  outcome!: BulkOutcome | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  message!: string | null;
}
