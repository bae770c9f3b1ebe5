/**
 * The plugin's value types: what the client reads off bksb, what the entities store
 * and what the rules decide on. Everything else imports them from here, so the layers
 * point one way (client, entities and rules never import one another's values).
 */

/** Our three subjects; bksb's course subjects and result names map onto them. */
export const SUBJECTS = ['English', 'Maths', 'ICT'] as const;
export type Subject = (typeof SUBJECTS)[number];

/** Level codes, lowest first; bksb's raw text is kept beside them. */
export const LEVELS = ['BelowE1', 'E1', 'E2', 'E3', 'L1', 'L2', 'L3'] as const;
export type Level = (typeof LEVELS)[number];

/** Where an organisation's bksb site is: its host and the zone of its time stamps. */
export type BksbRegion = 'UK' | 'AU';

export type ResultKind = 'initial' | 'diagnostic';

/** A subject as the settings, the API and the pages name it. */
export const SUBJECT_KEYS = ['english', 'maths', 'ict'] as const;
export type SubjectKey = (typeof SUBJECT_KEYS)[number];
export type SubjectTagIds = Record<SubjectKey, string[]>;

/** The settings' key of each subject a result can have. */
export const SUBJECT_KEY_OF: Record<Subject, SubjectKey> = { English: 'english', Maths: 'maths', ICT: 'ict' };

/** The subjects whose initial assessment staff chase: bksb's sessions endpoint knows English and Maths courses only. */
export const CHASED_SUBJECTS = ['English', 'Maths'] as const satisfies readonly Subject[];
export type ChasedSubject = (typeof CHASED_SUBJECTS)[number];
/** A chased subject as the chase list's filter names it. */
export type ChasedSubjectKey = 'english' | 'maths';

/** What bksb's assessment sessions say of one subject's initial assessment. */
export type SessionState = 'not-started' | 'started' | 'finished';

/** Why an organisation's connection to bksb is not working, as the Summary shows it. */
/** Why a linked person is checked when they are: the lane they are on, or the hourly sweep. */
export type CheckReason = 'assessment-in-progress' | 'new-account' | 'hourly';

export type ProblemKind = 'credentials' | 'permissions' | 'unreachable';
