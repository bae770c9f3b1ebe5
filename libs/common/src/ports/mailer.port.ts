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
   * delivery, given the reference. They are never stored.
   */
  valuesAtDelivery?: { provider: string; reference: string };
}

/** Gives the values of an email's placeholders at delivery; throwing has the delivery tried again later. */
export interface DeliveryValuesProvider {
  valuesFor(organisationId: string, reference: string): Promise<Record<string, string>>;
}

export const MAILER = Symbol('Mailer');

/** Port (implemented by the host): queue an email for delivery. */
export interface Mailer {
  /** Inside the caller's transaction when given one, so the email is sent only if that work commits. */
  queue(mail: OutgoingMail, transaction?: Transaction): Promise<{ id: string }>;
  /** Registers the provider that `valuesAtDelivery.provider` names. */
  registerDeliveryValues(provider: string, values: DeliveryValuesProvider): void;
}
