import { BksbSession } from '../client/bksb-api.types';
import { progressOf, sessionStateOf, startedAtOf } from './assessment-progress';

const session = (fields: Partial<BksbSession>): BksbSession => ({
  sessionId: 1,
  dateStarted: new Date('2026-10-01T09:00:00Z'),
  dateCompleted: null,
  assessmentType: 1,
  raw: {},
  ...fields,
});

describe('assessment progress', () => {
  it.each<[string, BksbSession[], string]>([
    ['no session', [], 'not-started'],
    ['an unfinished initial session', [session({})], 'started'],
    ['a finished initial session beside an unfinished one', [session({}), session({ dateCompleted: new Date('2026-10-02T09:00:00Z') })], 'finished'],
    ['a session that does not say its type', [session({ assessmentType: null })], 'started'],
    ['only a diagnostic session, even a finished one', [session({ assessmentType: 2, dateCompleted: new Date('2026-10-02T09:00:00Z') })], 'not-started'],
  ])('reads %s as %s', (_case, sessions, state) => {
    expect(sessionStateOf(sessions)).toBe(state);
  });

  it('calls a subject done once it has a result or a finished session, and unknown before bksb was asked', () => {
    expect(progressOf(true, null)).toBe('done');
    expect(progressOf(true, 'not-started')).toBe('done');
    expect(progressOf(false, 'finished')).toBe('done');
    expect(progressOf(false, 'started')).toBe('started');
    expect(progressOf(false, 'not-started')).toBe('not-started');
    expect(progressOf(false, null)).toBe('unknown');
  });

  it('knows when an unfinished initial assessment began, and nothing once one is finished', () => {
    const earlier = session({ sessionId: 1, dateStarted: new Date('2026-10-01T09:00:00Z') });
    const later = session({ sessionId: 2, dateStarted: new Date('2026-10-01T11:30:00Z') });
    expect(startedAtOf([earlier, later])).toEqual(new Date('2026-10-01T11:30:00Z'));
    expect(startedAtOf([later, session({ sessionId: 3, dateCompleted: new Date('2026-10-01T12:00:00Z') })])).toBeNull();
    expect(startedAtOf([session({ assessmentType: 2 })])).toBeNull();
    expect(startedAtOf([session({ dateStarted: null })])).toBeNull();
    expect(startedAtOf([])).toBeNull();
  });
});
