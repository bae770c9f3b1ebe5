import { PERSON_TYPES, PersonType } from '../ports/people-directory.port';

/** The path segment of each kind of person, in page and API paths alike. */
export const PERSON_SEGMENTS: Record<PersonType, 'learners' | 'applicants'> = { learner: 'learners', applicant: 'applicants' };

/** The host's page of a learner or applicant, where plugins' panels are shown. */
export const personPagePath = (type: PersonType, id: string) => `/${PERSON_SEGMENTS[type]}/${encodeURIComponent(id)}`;

/** The person type of a path segment, or undefined for anything but `learners` and `applicants`. */
export const personTypeOfSegment = (segment: string): PersonType | undefined =>
  PERSON_TYPES.find((type) => PERSON_SEGMENTS[type] === segment);
