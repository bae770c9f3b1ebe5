import { countLevels, latestAndBest, latestAndBestBySubject, LevelledResult } from './initial-levels';
import { Level, Subject } from '../domain/bksb-domain';

let session = 0;
const result = (subject: Subject, level: Level, date: string): LevelledResult => ({ subject, level, resultDate: new Date(date), bksbSessionId: (session += 1) });

describe('latest and best initial results', () => {
  it('takes the newest as latest and the highest level as best, the newer of two at the same level', () => {
    const e2 = result('English', 'E2', '2026-09-01T10:00:00Z');
    const l1Early = result('English', 'L1', '2026-09-05T10:00:00Z');
    const l1Late = result('English', 'L1', '2026-09-20T10:00:00Z');
    const e3Newest = result('English', 'E3', '2026-10-01T10:00:00Z');
    expect(latestAndBest([e2, l1Late, e3Newest, l1Early])).toEqual({ latest: e3Newest, best: l1Late });
    expect(latestAndBest([])).toEqual({ latest: null, best: null });
  });

  it('breaks a tie of dates by the later session', () => {
    const first = result('Maths', 'E1', '2026-09-01T10:00:00Z');
    const second = result('Maths', 'E3', '2026-09-01T10:00:00Z');
    expect(latestAndBest([second, first]).latest).toBe(second);
  });

  it('counts each person once per subject, in the bucket of the chosen result or none', () => {
    const people = [
      [result('English', 'E3', '2026-09-01T10:00:00Z'), result('English', 'L1', '2026-08-01T10:00:00Z'), result('Maths', 'E2', '2026-09-01T10:00:00Z')],
      [result('English', 'E3', '2026-09-03T10:00:00Z')],
      [],
    ].map(latestAndBestBySubject);
    const latest = countLevels(people, 'latest');
    expect(latest.english).toEqual({ BelowE1: 0, E1: 0, E2: 0, E3: 2, L1: 0, L2: 0, L3: 0, none: 1 });
    expect(latest.maths).toMatchObject({ E2: 1, none: 2 });
    expect(latest.ict).toMatchObject({ none: 3 });
    expect(countLevels(people, 'best').english).toMatchObject({ E3: 1, L1: 1, none: 1 });
    // Page by page, adding to the counts so far, gives the same.
    expect(countLevels(people.slice(1), 'latest', countLevels(people.slice(0, 1), 'latest'))).toEqual(latest);
  });
});
