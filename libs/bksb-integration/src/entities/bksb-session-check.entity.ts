import { InstantColumn } from '@picsweb/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ChasedSubject, SessionState } from '../domain/bksb-domain';

/**
 * What bksb's assessment sessions last said about a person's initial assessment of
 * one subject (English or Maths), kept while the person has no result of it; the
 * sync refreshes it. It counts only for the bksb user it was read for.
 */
@Entity('bksb_session_checks')
export class BksbSessionCheck {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  subject!: ChasedSubject;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @Column({ name: 'bksb_user_id', type: 'integer' })
  bksbUserId!: number;

  @Column({ type: 'varchar', length: 12 })
  state!: SessionState;

  /** When the state was first seen (it is written only when it changes). */
  @InstantColumn({ name: 'changed_at' })
  changedAt!: Date;

  /** While started: when bksb says the unfinished assessment began (the fast lane checks every 2 minutes for 3 hours from it). */
  @InstantColumn({ name: 'started_at', nullable: true })
  startedAt!: Date | null;
}
