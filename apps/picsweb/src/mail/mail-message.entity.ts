import { InstantColumn } from '@picsweb/common';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * pending: waiting for its next try; sending: handed to the mail server (never tried
 * again); sent: the mail server accepted it; failed: given up; unclear: the delivery
 * stopped after the mail server may have accepted it (never tried again by itself).
 */
export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'unclear';

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

  /** The text and HTML sent when the provider cannot give its values in time; null without a provider. */
  @Column({ name: 'text_without_values', type: 'text', nullable: true })
  textWithoutValues!: string | null;

  @Column({ name: 'html_without_values', type: 'text', nullable: true })
  htmlWithoutValues!: string | null;

  /** It went (or may have gone) without the values fetched at delivery. */
  @Column({ name: 'without_values', type: 'boolean', default: false })
  withoutValues!: boolean;

  /** Told the email's outcome (see OutgoingMail.outcomeListener). */
  @Column({ name: 'outcome_listener', type: 'varchar', length: 50, nullable: true })
  outcomeListener!: string | null;

  /** The Message-ID header, made when the email is queued and kept across tries. */
  @Column({ name: 'message_id', type: 'varchar', length: 300 })
  messageId!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: MailStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @InstantColumn({ name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  /** A delivering instance's claim, renewed while it delivers; another instance waits until it lapses. */
  @InstantColumn({ name: 'claimed_until', nullable: true })
  claimedUntil!: Date | null;

  /** Whose claim it is: every later step of that delivery is conditional on it. */
  @Column({ name: 'claim_token', type: 'varchar', length: 36, nullable: true })
  claimToken!: string | null;

  @InstantColumn({ name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;
}
