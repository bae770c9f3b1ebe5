import { InstantColumn, SystemLogLevel } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One line of an organisation's system log, readable by its administrators. */
@Entity('system_log_entries')
@Index('ix_system_log_organisation_at', ['organisationId', 'at'])
export class SystemLogEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @InstantColumn()
  at!: Date;

  /** What wrote it, e.g. "picsweb", "support", "bksb". */
  @Column({ type: 'varchar', length: 40 })
  source!: string;

  @Column({ type: 'varchar', length: 10 })
  level!: SystemLogLevel;

  /** Who did it (a user's email), or null for the system itself. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  actor!: string | null;

  @Column({ type: 'varchar', length: 2000 })
  message!: string;
}
