import { LEVELS, Level, Subject, SUBJECT_KEY_OF, SUBJECT_KEYS, SubjectKey } from '../domain/bksb-domain';

/** Which of a person's initial results of a subject counts: the newest, or the one of the highest level. */
export const MEASURES = ['latest', 'best'] as const;
export type Measure = (typeof MEASURES)[number];

/** The levels the result mapping knows, then "no result". */
export const LEVEL_BUCKETS = [...LEVELS, 'none'] as const;
export type LevelBucket = (typeof LEVEL_BUCKETS)[number];

export type LevelCounts = Record<SubjectKey, Record<LevelBucket, number>>;

export interface LevelledResult {
  subject: Subject;
  level: Level;
  resultDate: Date;
  bksbSessionId: number;
}

export interface LatestAndBest<T> {
  latest: T | null;
  best: T | null;
}

const rank = (level: Level) => LEVELS.indexOf(level);
/** Newer first; a session id breaks a tie of dates, as bksb numbers sessions in order. */
const newer = (a: LevelledResult, b: LevelledResult) => a.resultDate.getTime() - b.resultDate.getTime() || a.bksbSessionId - b.bksbSessionId;

/** The newest result, and the one of the highest level (the newest of that level when reached more than once). */
export function latestAndBest<T extends LevelledResult>(results: T[]): LatestAndBest<T> {
  let latest: T | null = null;
  let best: T | null = null;
  for (const result of results) {
    if (!latest || newer(result, latest) > 0) latest = result;
    if (!best || rank(result.level) > rank(best.level) || (rank(result.level) === rank(best.level) && newer(result, best) > 0)) best = result;
  }
  return { latest, best };
}

/** Latest and best per subject of one person's levelled initial results. */
export function latestAndBestBySubject<T extends LevelledResult>(results: T[]): Record<SubjectKey, LatestAndBest<T>> {
  return Object.fromEntries(
    SUBJECT_KEYS.map((key) => [key, latestAndBest(results.filter((result) => SUBJECT_KEY_OF[result.subject] === key))]),
  ) as Record<SubjectKey, LatestAndBest<T>>;
}

/** The bucket a person falls in for one subject and measure. */
export const bucketOf = (levels: LatestAndBest<LevelledResult>, measure: Measure): LevelBucket => levels[measure]?.level ?? 'none';

/** No one in any bucket yet. */
export const emptyLevelCounts = (): LevelCounts =>
  Object.fromEntries(SUBJECT_KEYS.map((key) => [key, Object.fromEntries(LEVEL_BUCKETS.map((bucket) => [bucket, 0]))])) as LevelCounts;

/** How many people fall in each bucket, per subject, added to `counts` (so a cohort is counted a page at a time). */
export function countLevels(people: Array<Record<SubjectKey, LatestAndBest<LevelledResult>>>, measure: Measure, counts = emptyLevelCounts()): LevelCounts {
  for (const person of people) {
    for (const key of SUBJECT_KEYS) counts[key][bucketOf(person[key], measure)] += 1;
  }
  return counts;
}
