import { JsonValue } from '../sandbox-types';

/** A bksb user as the sandbox keeps it. */
export interface SandboxUser {
  userId: number;
  username: string;
  firstname: string;
  lastname: string;
  email: string;
  password: string;
  /** Zone-less local date and time, e.g. `2004-03-17T00:00:00`, or null when not given. */
  dateOfBirth: string | null;
  autoEnrolCourses: boolean;
}

export type ResultKind = 'initial' | 'diagnostic';

/** One initial or diagnostic assessment result. */
export interface SandboxResult {
  kind: ResultKind;
  sessionId: number;
  courseSubject: string;
  courseName: string;
  /** UK local time without a zone, as bksb sends it: `2026-10-02T13:41:07`. */
  resultDate: string;
  assessmentName: string;
  assessmentId: number;
  result: string;
  /** Diagnostic results only. */
  score?: number;
  percentage?: number;
  /** Fields bksb may add that clients must keep; merged into the item as given. */
  extra?: Record<string, JsonValue>;
}

/** AssessmentType 1 is an initial assessment, 2 a diagnostic. */
export type AssessmentType = 1 | 2;

/** The value bksb puts in DateCompleted while a session is unfinished. */
export const UNFINISHED_DATE = '0001-01-01T00:00:00';

export interface SandboxSession {
  sessionId: number;
  courseSubject: string;
  assessmentName: string;
  assessmentType: AssessmentType;
  dateStarted: string;
  /** `0001-01-01T00:00:00` while unfinished. */
  dateCompleted: string;
  /** A finished diagnostic's component data as given; generated from the session when left out. */
  components?: SandboxComponent[];
}

/** One curriculum component of a diagnostic session: its name and bksb's measurement, as text. */
export interface SandboxComponent {
  name: string;
  measured: string;
}

export interface SandboxUserGroup {
  userGroupId: number;
  name: string;
  description: string;
  numberOfUsers: number;
}
