import { BksbSession } from '../client/bksb-api.types';
import { ChasedSubject, SessionState, BksbRegion } from '../domain/bksb-domain';

/** Where a person is with one subject's initial assessment; `unknown` until bksb has been asked. */
export type AssessmentProgress = 'done' | 'started' | 'not-started' | 'unknown';

/** The course subject of each chased subject, per region (docs/bksb-api.md). */
export const SESSION_COURSE_SUBJECTS: Record<BksbRegion, Record<ChasedSubject, string>> = {
  UK: { English: 'ENG_NEW', Maths: 'MATHS_NEW' },
  AU: { English: 'OZ_ENG', Maths: 'OZ_MATHS' },
};

/** bksb's AssessmentType 1 is an initial assessment; a session that does not say is taken as one. */
const isInitial = (session: BksbSession) => session.assessmentType === null || session.assessmentType === 1;

/** Finished when any initial session is completed, started when one exists, else not started. */
export function sessionStateOf(sessions: BksbSession[]): SessionState {
  const initial = sessions.filter(isInitial);
  if (initial.some((session) => session.dateCompleted !== null)) return 'finished';
  return initial.length > 0 ? 'started' : 'not-started';
}

/**
 * When the unfinished initial assessment began (the newest start among unfinished
 * sessions), while the subject is started and not finished; null otherwise.
 */
export function startedAtOf(sessions: BksbSession[]): Date | null {
  if (sessionStateOf(sessions) !== 'started') return null;
  const starts = sessions.filter(isInitial).flatMap((session) => (session.dateStarted ? [session.dateStarted.getTime()] : []));
  return starts.length > 0 ? new Date(Math.max(...starts)) : null;
}

/** A result of the subject, or a finished session whose result is still to come, is done. */
export function progressOf(hasResult: boolean, sessionState: SessionState | null): AssessmentProgress {
  if (hasResult || sessionState === 'finished') return 'done';
  return sessionState ?? 'unknown';
}
