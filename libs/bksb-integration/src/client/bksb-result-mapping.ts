import { Level, Subject } from '../domain/bksb-domain';

/** Course subject codes seen: UK `ENG_NEW`, `MATHS_NEW`; AU `OZ_ENG`, `OZ_MATHS`, `OZ_DIGI`. */
const COURSE_SUBJECTS: Array<[RegExp, Subject]> = [
  [/ENG/i, 'English'],
  [/MATH/i, 'Maths'],
  [/ICT|DIGI|COMPUT|\bIT\b/i, 'ICT'],
];

/** Long-known default assessment ids: English IA 50001 and 40001, Maths 50000 and 40000, ICT 468. */
const ASSESSMENT_IDS = new Map<number, Subject>([
  [50001, 'English'],
  [40001, 'English'],
  [50000, 'Maths'],
  [40000, 'Maths'],
  [468, 'ICT'],
]);

const NAME_SUBJECTS: Array<[RegExp, Subject]> = [
  [/\bEnglish\b|\bLiteracy\b|\bReading\b|\bWriting\b/i, 'English'],
  [/\bMath(s|ematics)?\b|\bNumeracy\b/i, 'Maths'],
  [/\bICT\b|\bDigital\b|\bEDSQ\b|\bComputing\b/i, 'ICT'],
];

export interface SubjectClues {
  courseSubject?: string | null;
  assessmentId?: number | null;
  resultText?: string | null;
  assessmentName?: string | null;
  courseName?: string | null;
}

/**
 * English, Maths or ICT, from the course subject code first, then the long-known
 * assessment ids, then the words of the result, assessment and course names; null when
 * nothing says (such a result is kept but tags nothing).
 */
export function subjectOf(clues: SubjectClues): Subject | null {
  const byCode = clues.courseSubject ? COURSE_SUBJECTS.find(([pattern]) => pattern.test(clues.courseSubject!))?.[1] : undefined;
  if (byCode) return byCode;
  const byId = clues.assessmentId != null ? ASSESSMENT_IDS.get(clues.assessmentId) : undefined;
  if (byId) return byId;
  for (const text of [clues.resultText, clues.assessmentName, clues.courseName]) {
    const byName = text ? NAME_SUBJECTS.find(([pattern]) => pattern.test(text))?.[1] : undefined;
    if (byName) return byName;
  }
  return null;
}

/**
 * A level code from result text as bksb writes it: `Below Entry 1`, `Entry 3`,
 * `Level 1`, and older forms with the subject in front (`English E3`,
 * `Mathematics L1`, `ICT Level 1`, `Maths ACSF L1`). Null when no level is named.
 */
export function levelOf(resultText: string | null | undefined): Level | null {
  if (!resultText) return null;
  const text = resultText.replace(/[_-]/g, ' ');
  if (/\bbelow\s*(entry\s*(level\s*)?1|e\s*1)\b|\bpre\s*entry\b/i.test(text)) return 'BelowE1';
  const entry = /\bentry\s*(?:level\s*)?([123])\b|\bE\s?([123])\b/i.exec(text);
  if (entry) return `E${entry[1] ?? entry[2]}` as Level;
  const level = /\blevel\s*([123])\b|\bL\s?([123])\b/i.exec(text);
  if (level) return `L${level[1] ?? level[2]}` as Level;
  return null;
}

/** A score or percentage when bksb gives one (diagnostics), as a number. */
export function scoreOf(item: Record<string, unknown>): number | null {
  for (const key of ['Score', 'Percentage', 'ScorePercentage', 'PercentageScore', 'Mark']) {
    const value = item[key];
    const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.replace('%', '')) : NaN;
    if (Number.isFinite(number)) return number;
  }
  return null;
}

/**
 * What a diagnostic's AbilityMeasurement says, whose format bksb does not document: a
 * number (a percentage, possibly with `%`), or a level in any spelling results use, or
 * neither (then only the raw text is kept: never guessed).
 */
export function measurementOf(text: string): { level: Level | null; percent: number | null } {
  const number = /^\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (number && Number(number[1]) <= 100) return { level: null, percent: Number(number[1]) };
  return { level: levelOf(text), percent: null };
}
