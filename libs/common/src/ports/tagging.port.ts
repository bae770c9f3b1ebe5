import type { PersonType } from './people-directory.port';
import type { Transaction } from './transaction.port';

export interface TagRef {
  id: string;
  name: string;
}

/** Tags to apply to one person. */
export interface TagApplication {
  type: PersonType;
  personId: string;
  tagIds: string[];
}

export const TAGGING = Symbol('Tagging');

/** Port (implemented by the host): the organisation's tags and tagging people. */
export interface Tagging {
  /** All the organisation's tags, by name (for choosing tags in settings). */
  list(organisationId: string): Promise<TagRef[]>;
  /** The tags among `tagIds` that belong to the organisation (others are left out). */
  findTags(organisationId: string, tagIds: string[]): Promise<TagRef[]>;
  /**
   * Applies tags to people of the organisation (already applied ones are kept once), in a
   * few statements whatever their number; inside the caller's transaction when given one.
   * Answers the ids newly applied, by person id.
   */
  applyTags(organisationId: string, applications: TagApplication[], transaction?: Transaction): Promise<Map<string, string[]>>;
}
