import { PERSON_SEGMENTS, PersonType } from '@picsweb/common';

export const PERSON_FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  dateOfBirth: 'Date of birth',
  systemStatus: 'System status',
  learningStatus: 'Learning status',
  startDate: 'Start date',
  endDate: 'End date',
  applicationStatus: 'Application status',
  closedOn: 'Closed on',
  tagId: 'Tag',
};

export const STATUS_LABELS: Record<string, string> = {
  Live: 'Live',
  Archived: 'Archived',
  InLearning: 'In learning',
  Completed: 'Completed',
  Withdrawn: 'Withdrawn',
  BreakInLearning: 'Break in learning',
  Open: 'Open',
  Converted: 'Converted',
};

/** The words and paths of each kind of person. */
export const PERSON_KINDS: Record<PersonType, { path: string; one: string; many: string }> = {
  learner: { path: `/${PERSON_SEGMENTS.learner}`, one: 'learner', many: 'Learners' },
  applicant: { path: `/${PERSON_SEGMENTS.applicant}`, one: 'applicant', many: 'Applicants' },
};
