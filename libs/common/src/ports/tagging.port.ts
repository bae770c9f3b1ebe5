import type { PersonType } from './people-directory.port';
import type { Transaction } from './transaction.port';

export interface TagRef {
  id: string;
  name: string;
}

export const TAGGING = Symbol('Tagging');

/** Port (implemented by the host): the organisation's tags and tagging people. */
export interface Tagging {
  /** All the organisation's tags, by name (for choosing tags in settings). */
  list(organisationId: string): Promise<TagRef[]>;
  /** The tags among `tagIds` that belong to the organisation (others are left out). */
  findTags(organisationId: string, tagIds: string[]): Promise<TagRef[]>;
  /**
   * Applies tags to a person (already applied ones are kept once); inside the caller's
   * transaction when given one. Returns the ids newly applied.
   */
  applyTags(organisationId: string, type: PersonType, personId: string, tagIds: string[], transaction?: Transaction): Promise<string[]>;
}
