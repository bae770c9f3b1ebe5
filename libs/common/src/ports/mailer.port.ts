import type { Transaction } from './transaction.port';

/** Marks where a secret goes in an email's text or HTML; filled in only at delivery. */
export function secretPlaceholder(name: string): string {
  return `{{secret:${name}}}`;
}

export interface OutgoingMail {
  organisationId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Values for the secret placeholders; stored encrypted, shown masked in the outbox. */
  secrets?: Record<string, string>;
  /**
   * More secret placeholders, whose values exist only when the email is sent (a link
   * that expires soon): the provider registered under this name is asked for them at
   * delivery, given the reference. They are never stored. When the provider cannot give
   * them within the email's first few tries, the email goes as `without` says instead.
   */
  valuesAtDelivery?: { provider: string; reference: string; without: { text: string; html: string } };
  /** The outcome listener registered under this name is told what became of the email. */
  outcomeListener?: string;
}

/**
 * Gives the values of an email's placeholders at delivery. Throwing, or not answering in
 * time, uses up one of the email's few tries for them; after those it goes without them.
 */
export interface DeliveryValuesProvider {
  valuesFor(organisationId: string, reference: string): Promise<Record<string, string>>;
}

/**
 * What became of an email: `sent` once the mail server accepted it; `failed` when it was
 * given up; `unclear` when the delivery stopped after the mail server may have accepted it
 * (it is never sent again by itself).
 */
export interface MailOutcome {
  mailId: string;
  organisationId: string;
  state: 'sent' | 'failed' | 'unclear';
  /** When the mail server accepted it (sent), or when the outbox settled it. */
  at: Date;
  /** Why it failed or is unclear, in words a person can act on; null when sent. */
  reason: string | null;
  /** It went (or may have gone) without the values fetched at delivery. */
  withoutValuesAtDelivery: boolean;
}

/** Records an email's outcome beside the work that queued it; throwing leaves the email unclear. */
export interface MailOutcomeListener {
  /** Inside the outbox's transaction that settles the email, so both change together. */
  recordOutcome(outcome: MailOutcome, transaction: Transaction): Promise<void>;
}

export const MAILER = Symbol('Mailer');

/** Port (implemented by the host): queue an email for delivery. */
export interface Mailer {
  /** Inside the caller's transaction when given one, so the email is sent only if that work commits. */
  queue(mail: OutgoingMail, transaction?: Transaction): Promise<{ id: string }>;
  /** Registers the provider that `valuesAtDelivery.provider` names. */
  registerDeliveryValues(provider: string, values: DeliveryValuesProvider): void;
  /** Registers the listener that `outcomeListener` names. */
  registerOutcomeListener(name: string, listener: MailOutcomeListener): void;
}
