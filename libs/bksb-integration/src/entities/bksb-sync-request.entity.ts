import { InstantColumn } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SyncTrigger } from './bksb-sync-run.entity';

/**
 * Whom a sync checks: everyone eligible, the new-accounts lane, or the lane of
 * assessments in progress. Each is a subset of the one before it, so a run of a wider
 * scope serves a request of a narrower one.
 */
export type SyncScope = 'everyone' | 'new-accounts' | 'sessions';
export type SyncRequestStatus = 'queued' | 'running' | 'done';

/**
 * One reason to sync an organisation: a scheduled tick, a fast lane's tick, Sync now.
 * It waits as queued until a run takes it (the run of the oldest widest request marks
 * the narrower ones it covers as served by it), is running while that run goes on and
 * done when it has ended: never dropped. Unique per organisation and key, so a tick
 * seen by several instances is one request, and at most one Sync now is queued at a time,
 * so presses that arrive together are one request.
 */
@Entity('bksb_sync_requests')
@Index('uq_bksb_sync_requests_key', ['organisationId', 'requestKey'], { unique: true })
@Index('uq_bksb_sync_requests_manual_queued', ['organisationId'], { unique: true, where: "status = 'queued' AND trigger = 'manual'" })
@Index('ix_bksb_sync_requests_queued', ['organisationId', 'requestedAt'], { where: "status = 'queued'" })
@Index('ix_bksb_sync_requests_run', ['runId'])
export class BksbSyncRequest {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @Column({ type: 'varchar', length: 12 })
  scope!: SyncScope;

  @Column({ type: 'varchar', length: 10 })
  trigger!: SyncTrigger;

  /** The scheduled tick it stands for (`schedule:2026-12-07T03`), or `manual:<id>`. */
  @Column({ name: 'request_key', type: 'varchar', length: 50 })
  requestKey!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: SyncRequestStatus;

  /** The run that serves it, once one has taken it. */
  @Column({ name: 'run_id', type: 'varchar', length: 36, nullable: true })
  runId!: string | null;

  @InstantColumn({ name: 'requested_at' })
  requestedAt!: Date;
}
