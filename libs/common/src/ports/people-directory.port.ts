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

export interface CandidatePage {
  /** Return people whose id sorts after this one (keyset paging); null for the first page. */
  afterId: string | null;
  limit: number;
}

export const PEOPLE_DIRECTORY = Symbol('PeopleDirectory');

/**
 * Port (implemented by the host): the organisation's learners and applicants, and the
 * one implementation of API.md's eligibility table. `windowStart` is W, the date one
 * calendar month before today in Europe/London (see syncWindowStart).
 */
export interface PeopleDirectory {
  getPerson(organisationId: string, type: PersonType, id: string, windowStart: string): Promise<DirectoryPerson | null>;
  /** Eligible people of both types, ordered by id. */
  pageSyncCandidates(organisationId: string, windowStart: string, page: CandidatePage): Promise<DirectoryPerson[]>;
}
