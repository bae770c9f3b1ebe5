import { InstantColumn, PersonType } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** claimed: a creation is in progress (or was cut off); active; missing-in-bksb: bksb no longer knows the user. */
export type AccountLinkState = 'claimed' | 'active' | 'missing-in-bksb';

/**
 * The link between a learner or applicant and their bksb user. One per person; one
 * per bksb user name within a person type and organisation (a learner and an
 * applicant may share a bksb user).
 */
@Entity('bksb_account_links')
@Index('uq_bksb_account_links_username', ['organisationId', 'personType', 'usernameKey'], { unique: true })
export class BksbAccountLink {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @Column({ name: 'person_type', type: 'varchar', length: 10 })
  personType!: PersonType;

  @Column({ type: 'varchar', length: 320 })
  username!: string;

  /** The user name lower-cased: bksb user names are case-insensitive. */
  @Column({ name: 'username_key', type: 'varchar', length: 320 })
  usernameKey!: string;

  /** Null while claimed. */
  @Column({ name: 'bksb_user_id', type: 'integer', nullable: true })
  bksbUserId!: number | null;

  @Column({ name: 'created_by_pics', type: 'boolean' })
  createdByPics!: boolean;

  @Column({ type: 'varchar', length: 20 })
  state!: AccountLinkState;

  /** Until when a claim is being worked on; after it, another request may resolve it. */
  @InstantColumn({ name: 'claim_expires_at', nullable: true })
  claimExpiresAt!: Date | null;

  /** Whose claim it is: each later step of that creation is conditional on it. */
  @Column({ name: 'claim_token', type: 'varchar', length: 36, nullable: true })
  claimToken!: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 320 })
  createdBy!: string;

  @InstantColumn({ name: 'login_details_sent_at', nullable: true })
  loginDetailsSentAt!: Date | null;

  @InstantColumn({ name: 'last_synced_at', nullable: true })
  lastSyncedAt!: Date | null;

  /** When bksb was last asked about a missing user (retried once a day). */
  @InstantColumn({ name: 'missing_checked_at', nullable: true })
  missingCheckedAt!: Date | null;
}
