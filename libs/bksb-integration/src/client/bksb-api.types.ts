import { BksbErrorKind } from './bksb-errors';
import { ResultKind, BksbRegion, Level, Subject } from '../domain/bksb-domain';

/** Whose keys, which host. */
export interface BksbConnection {
  organisationId: string;
  region: BksbRegion;
  accessKey: string;
  secretKey: string;
}

/** Which of bksb's endpoints a call is to (the sandbox counts calls by the same names). */
export type BksbEndpoint =
  | 'createUser'
  | 'isUsernameExists'
  | 'getUserId'
  | 'autoLoginLink'
  | 'initialResults'
  | 'diagnosticResults'
  | 'sessions'
  | 'components'
  | 'userGroups';

/** One attempt of one call, as reported to listeners; never a key or header. */
export interface BksbAttempt {
  organisationId: string;
  endpoint: BksbEndpoint;
  method: 'GET' | 'POST';
  /** The path under /api/, with its query. */
  path: string;
  status: number | null;
  outcome: 'ok' | BksbErrorKind;
  durationMs: number;
  attempt: number;
}

export type BksbAttemptListener = (attempt: BksbAttempt) => void;

export interface BksbCallContext {
  connection: BksbConnection;
  onAttempt?: BksbAttemptListener;
  /** Fewer attempts than configured, e.g. 1 for an interactive check. */
  maxAttempts?: number;
}

export interface NewBksbUser {
  username: string;
  firstname: string;
  lastname: string;
  password: string;
  email: string;
  /** YYYY-MM-DD, or null when unknown (then left out of the request). */
  dateOfBirth: string | null;
  autoEnrolCourses: boolean;
}

export interface BksbResult {
  kind: ResultKind;
  sessionId: number;
  subject: Subject | null;
  level: Level | null;
  score: number | null;
  resultText: string;
  assessmentName: string;
  courseName: string;
  courseSubject: string | null;
  assessmentId: number | null;
  /** UTC. */
  resultDate: Date;
  /** The item as bksb sent it, unknown fields included. */
  raw: Record<string, unknown>;
}

export interface BksbSession {
  sessionId: number;
  dateStarted: Date | null;
  /** Null while unfinished (bksb writes 0001-01-01T00:00:00). */
  dateCompleted: Date | null;
  assessmentType: number | null;
  raw: Record<string, unknown>;
}

export interface BksbAutoLoginLink {
  link: string;
  /** UTC; null when bksb does not say. */
  expiresAt: Date | null;
}

/** One curriculum component of a finished diagnostic session, as bksb measured it. */
export interface BksbComponent {
  name: string;
  /** AbilityMeasurement as bksb wrote it (its format is not documented). */
  measured: string;
  /** The level it names, in any spelling results use; null when it names none. */
  level: Level | null;
  /** The percentage it is, when it is a number; null otherwise. */
  percent: number | null;
  /** MeasuringAssessmentName, e.g. "Maths Level 1 Diagnostic". */
  assessmentName: string;
  /** MeasuredAt in UTC; null when absent or unreadable. */
  measuredAt: Date | null;
}
