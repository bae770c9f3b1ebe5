import { InstantColumn } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A signed-in browser. Only a hash of the cookie's value is stored, so a copy of this table signs nobody in. */
@Entity('sessions')
export class WebSession {
  /** SHA-256 (hex) of the session id in the cookie. */
  @PrimaryColumn({ name: 'id_hash', type: 'varchar', length: 64 })
  idHash!: string;

  @Index('ix_sessions_user')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  /** Idle expiry counts from here. */
  @Index('ix_sessions_last_seen')
  @InstantColumn({ name: 'last_seen_at' })
  lastSeenAt!: Date;
}
