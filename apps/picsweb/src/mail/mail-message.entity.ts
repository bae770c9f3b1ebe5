import { InstantColumn } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type MailStatus = 'pending' | 'sent' | 'failed';

/** An email in the outbox. Secrets are kept encrypted beside it until it is delivered. */
@Entity('mail_messages')
@Index('ix_mail_messages_organisation_at', ['organisationId', 'createdAt'])
@Index('ix_mail_messages_status_next_attempt', ['status', 'nextAttemptAt'])
export class MailMessage {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @InstantColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'to_address', type: 'varchar', length: 320 })
  to!: string;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  /** With secret placeholders, never the secrets themselves. */
  @Column({ name: 'text_body', type: 'text' })
  text!: string;

  @Column({ name: 'html_body', type: 'text' })
  html!: string;

  /** SecretCipher envelope of a JSON object of the secret values; cleared once sent. */
  @Column({ type: 'text', nullable: true })
  secrets!: string | null;

  /** The provider of placeholder values fetched at delivery, never stored (see OutgoingMail.valuesAtDelivery). */
  @Column({ name: 'delivery_provider', type: 'varchar', length: 50, nullable: true })
  deliveryProvider!: string | null;

  @Column({ name: 'delivery_reference', type: 'varchar', length: 200, nullable: true })
  deliveryReference!: string | null;

  @Column({ type: 'varchar', length: 10 })
  status!: MailStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @InstantColumn({ name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  /** A delivering instance's claim, so two instances never send one message. */
  @InstantColumn({ name: 'claimed_until', nullable: true })
  claimedUntil!: Date | null;

  @InstantColumn({ name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;
}
