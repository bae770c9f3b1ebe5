import type { EntityManager } from 'typeorm';

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
}

export const MAILER = Symbol('Mailer');

/** Port (implemented by the host): queue an email for delivery. */
export interface Mailer {
  queue(mail: OutgoingMail, manager?: EntityManager): Promise<{ id: string }>;
}
