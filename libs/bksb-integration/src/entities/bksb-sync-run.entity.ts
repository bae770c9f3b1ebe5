import { InstantColumn } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SyncScope } from './bksb-sync-request.entity';

/** schedule: the hourly sweep; manual: Sync now; fresh and session: the fast lanes (new accounts, an assessment in progress). */
export type SyncTrigger = 'schedule' | 'manual' | 'fresh' | 'session';
export type SyncRunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

export interface SyncFailure {
  personType: string;
  personId: string;
  message: string;
}

/**
 * One sync of one organisation. Its state changes only through SyncRunStore's
 * conditional updates, so a duplicate or late worker changes nothing.
 */
@Entity('bksb_sync_runs')
@Index('ix_bksb_sync_runs_organisation_started', ['organisationId', 'startedAt'])
@Index('uq_bksb_sync_runs_tick', ['organisationId', 'tickKey'], { unique: true })
@Index('uq_bksb_sync_runs_running', ['runningKey'], { unique: true })
@Index('ix_bksb_sync_runs_lease', ['leaseExpiresAt'], { where: "status = 'running'" })
export class BksbSyncRun {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  /** The trigger of the request it was started for (see BksbSyncRequest). */
  @Column({ type: 'varchar', length: 10 })
  trigger!: SyncTrigger;

  /** Whom it checks; a run taken over keeps its scope. */
  @Column({ type: 'varchar', length: 12, default: 'everyone' })
  scope!: SyncScope;

  @Column({ type: 'varchar', length: 10 })
  status!: SyncRunStatus;

  @InstantColumn({ name: 'started_at' })
  startedAt!: Date;

  @InstantColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  /** The organisation id while running (one running run per organisation), the run's own id after. */
  @Column({ name: 'running_key', type: 'varchar', length: 36 })
  runningKey!: string;

  /** The key of the request it was started for (one run per organisation and key). */
  @Column({ name: 'tick_key', type: 'varchar', length: 50 })
  tickKey!: string;

  /** The instance working on it, until its lease expires; then another may take it over. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  owner!: string | null;

  @InstantColumn({ name: 'lease_expires_at', nullable: true })
  leaseExpiresAt!: Date | null;

  @Column({ name: 'people_checked', type: 'integer' })
  peopleChecked!: number;

  @Column({ name: 'results_imported', type: 'integer' })
  resultsImported!: number;

  @Column({ name: 'tags_applied', type: 'integer' })
  tagsApplied!: number;

  @Column({ name: 'api_calls', type: 'integer' })
  apiCalls!: number;

  @Column({ name: 'failure_count', type: 'integer' })
  failureCount!: number;

  /** People whose link changed while their results were being fetched: the fetch was dropped. */
  @Column({ name: 'changed_while_checking', type: 'integer', default: 0 })
  changedWhileChecking!: number;

  /** How many people the run will check, once counted at its start. */
  @Column({ type: 'integer', nullable: true })
  total!: number | null;

  /** The run's position: every person up to this id (in id order) is done and counted. */
  @Column({ name: 'last_person_id', type: 'varchar', length: 36, nullable: true })
  lastPersonId!: string | null;

  /** JSON list of the first 200 failures. */
  @Column({ type: 'text' })
  failures!: string;

  /** Why a failed run could not go on. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  message!: string | null;
}
