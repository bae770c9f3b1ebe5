import { InstantColumn, PersonType } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** claimed: a creation is in progress (or was cut off); active; missing-in-bksb: bksb no longer knows the user. */
export type AccountLinkState = 'claimed' | 'active' | 'missing-in-bksb';

/**
 * The latest login details email: queued in the mail outbox; sent (the mail server
 * accepted it); failed (given up); unclear (the delivery stopped after the mail server
 * may have accepted it: not sent again by itself).
 */
export const LOGIN_DETAILS_STATES = ['none', 'queued', 'sent', 'failed', 'unclear'] as const;
export type LoginDetailsState = (typeof LOGIN_DETAILS_STATES)[number];

/**
 * The link between a learner or applicant and their bksb user. One per person; one
 * per bksb user name within a person type and organisation (a learner and an
 * applicant may share a bksb user).
 */
@Entity('bksb_account_links')
@Index('uq_bksb_account_links_username', ['organisationId', 'personType', 'usernameKey'], { unique: true })
@Index('ix_bksb_account_links_login_details_mail', ['loginDetailsMailId'])
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

  @Column({ name: 'login_details_state', type: 'varchar', length: 10, default: 'none' })
  loginDetailsState!: LoginDetailsState;

  /** The mail outbox's id of the latest login details email: only its outcome is recorded here. */
  @Column({ name: 'login_details_mail_id', type: 'varchar', length: 36, nullable: true })
  loginDetailsMailId!: string | null;

  @InstantColumn({ name: 'login_details_queued_at', nullable: true })
  loginDetailsQueuedAt!: Date | null;

  /** When the mail server accepted the latest login details email. */
  @InstantColumn({ name: 'login_details_sent_at', nullable: true })
  loginDetailsSentAt!: Date | null;

  /** Why the latest failed, or why its outcome is unclear. */
  @Column({ name: 'login_details_failure', type: 'varchar', length: 500, nullable: true })
  loginDetailsFailure!: string | null;

  /** The latest went without its auto-login link: bksb could not give one in time. */
  @Column({ name: 'login_details_without_link', type: 'boolean', default: false })
  loginDetailsWithoutLink!: boolean;

  @InstantColumn({ name: 'last_synced_at', nullable: true })
  lastSyncedAt!: Date | null;

  /** When bksb was last asked about a missing user (retried once a day). */
  @InstantColumn({ name: 'missing_checked_at', nullable: true })
  missingCheckedAt!: Date | null;
}
