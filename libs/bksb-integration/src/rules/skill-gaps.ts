import { Level, LEVELS } from '../domain/bksb-domain';

/** What one component of a diagnostic measured: a level, a percentage, or neither (raw text only). */
export interface SkillMeasure {
  name: string;
  level: Level | null;
  percent: number | null;
}

/** The columns of the cohort's counts: each level, and `other` for a percentage or a text that names no level. */
export const SKILL_BUCKETS = [...LEVELS, 'other'] as const;
export type SkillBucket = (typeof SKILL_BUCKETS)[number];

/** Under this percentage a component is a gap (when bksb measured it as a percentage). */
export const GAP_UNDER_PERCENT = 50;

const rank = (level: Level) => LEVELS.indexOf(level);

/**
 * A gap: a component measured below the level the diagnostic assessed, or under 50%
 * when measured as a percentage. A text that is neither, or a level when the diagnostic
 * names no level, is never called a gap.
 */
export function isGap(measure: SkillMeasure, assessedLevel: Level | null): boolean {
  if (measure.level !== null) return assessedLevel !== null && rank(measure.level) < rank(assessedLevel);
  return measure.percent !== null && measure.percent < GAP_UNDER_PERCENT;
}

export const bucketOfMeasure = (measure: SkillMeasure): SkillBucket => measure.level ?? 'other';

/**
 * Weakest first: levels from the lowest, then percentages from the lowest, then what
 * names neither; ties by name. Gaps are not put first here: callers sort on `gap` first.
 */
export function byWeakness(a: SkillMeasure, b: SkillMeasure): number {
  const order = (m: SkillMeasure) => (m.level !== null ? 0 : m.percent !== null ? 1 : 2);
  return (
    order(a) - order(b) ||
    (a.level !== null && b.level !== null ? rank(a.level) - rank(b.level) : 0) ||
    (a.percent !== null && b.percent !== null ? a.percent - b.percent : 0) ||
    a.name.localeCompare(b.name)
  );
}

/** Gaps first, each part weakest first. */
export const gapsFirst = <T extends SkillMeasure & { gap: boolean }>(components: T[]): T[] =>
  [...components].sort((a, b) => Number(b.gap) - Number(a.gap) || byWeakness(a, b));
