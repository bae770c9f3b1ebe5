export const PERSON_TYPES = ['learner', 'applicant'] as const;
export type PersonType = (typeof PERSON_TYPES)[number];

/** A learner or applicant as a plugin sees them. */
export interface DirectoryPerson {
  type: PersonType;
  id: string;
  organisationId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
  eligibleForSync: boolean;
  /** Why not, in plain words, when not eligible. */
  notEligibleBecause: string | null;
}

/** Which eligible people a page holds: all of both types unless narrowed. */
export interface EligibleFilter {
  /**
   * A plugin's own SQL condition on the person id column it is given (e.g. NOT EXISTS
   * in the plugin's table), so the database filters and pages rather than the plugin.
   */
  where?: (personIdColumn: string) => string;
  /** Only people of this type; both when left out. */
  type?: PersonType;
}

export interface CandidatePage extends EligibleFilter {
  /** Return people whose id sorts after this one (keyset paging); null for the first page. */
  afterId: string | null;
  limit: number;
}

export interface EligiblePage extends EligibleFilter {
  skip: number;
  take: number;
  /**
   * A plugin's own SQL expression on the person id column to sort by first, ascending
   * (e.g. a date in the plugin's table); names and id still break ties.
   */
  orderBy?: (personIdColumn: string) => string;
}

export const PEOPLE_DIRECTORY = Symbol('PeopleDirectory');

/**
 * Port (implemented by the host): the organisation's learners and applicants, and the
 * one implementation of docs/api.md's eligibility table. `windowStart` is W, the date one
 * calendar month before today in Europe/London (see syncWindowStart).
 */
export interface PeopleDirectory {
  getPerson(organisationId: string, type: PersonType, id: string, windowStart: string): Promise<DirectoryPerson | null>;
  /**
   * Eligible people (of both types unless the page narrows them), ordered by id, after
   * the last id read: the keyset paging of every read of the whole organisation (the
   * sync, downloads, bulk actions), which neither skips nor repeats a person when people
   * are added or removed between pages.
   */
  pageSyncCandidates(organisationId: string, windowStart: string, page: CandidatePage): Promise<DirectoryPerson[]>;
  /** A page of eligible people (of both types unless `type` says) by last name, first name and id, and how many match in all: for a page a person looks at. */
  pageEligible(organisationId: string, windowStart: string, page: EligiblePage): Promise<{ items: DirectoryPerson[]; total: number }>;
}
