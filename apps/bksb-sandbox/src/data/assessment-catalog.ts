/**
 * The course subjects, assessments and result wording the sandbox generates, after
 * what public clients have seen from bksb (see docs/bksb-api.md). Ids marked
 * "invented" are not known from bksb and only need to be stable.
 */

export type SkillArea = 'english' | 'maths' | 'ict';

/** `modern`: `Entry 3`; `legacy`: subject word and short level, `English E3`. */
export type ResultWording = 'modern' | 'legacy';

export interface CourseDefinition {
  courseSubject: string;
  courseName: string;
  area: SkillArea;
  wording: ResultWording;
  /** The word in front of the level in legacy wording: `English`, `Mathematics`, `ICT`. */
  legacyPrefix: string;
  initialAssessment: { name: string; id: number };
  /** Diagnostics are named per level: `${diagnosticName} Level 1`. */
  diagnosticName: string;
  diagnosticIdBase: number;
}

export const COURSES: readonly CourseDefinition[] = [
  {
    courseSubject: 'ENG_NEW',
    courseName: 'Functional Skills English',
    area: 'english',
    wording: 'modern',
    legacyPrefix: 'English',
    initialAssessment: { name: 'English Initial Assessment', id: 50001 },
    diagnosticName: 'English Diagnostic',
    diagnosticIdBase: 51000, // invented
  },
  {
    courseSubject: 'MATHS_NEW',
    courseName: 'Functional Skills Maths',
    area: 'maths',
    wording: 'modern',
    legacyPrefix: 'Mathematics',
    initialAssessment: { name: 'Maths Initial Assessment', id: 50000 },
    diagnosticName: 'Maths Diagnostic',
    diagnosticIdBase: 52000, // invented
  },
  {
    courseSubject: 'ENG',
    courseName: 'English',
    area: 'english',
    wording: 'legacy',
    legacyPrefix: 'English',
    initialAssessment: { name: 'English Initial Assessment', id: 40001 },
    diagnosticName: 'English Diagnostic',
    diagnosticIdBase: 41000, // invented
  },
  {
    courseSubject: 'MATHS',
    courseName: 'Maths',
    area: 'maths',
    wording: 'legacy',
    legacyPrefix: 'Mathematics',
    initialAssessment: { name: 'Maths Initial Assessment', id: 40000 },
    diagnosticName: 'Maths Diagnostic',
    diagnosticIdBase: 42000, // invented
  },
  {
    courseSubject: 'ICT',
    courseName: 'ICT Skills',
    area: 'ict',
    wording: 'legacy',
    legacyPrefix: 'ICT',
    initialAssessment: { name: 'ICT Initial Assessment', id: 468 },
    diagnosticName: 'ICT Diagnostic',
    diagnosticIdBase: 4680, // invented
  },
  {
    courseSubject: 'DIGITAL',
    courseName: 'Essential Digital Skills',
    area: 'ict',
    wording: 'modern',
    legacyPrefix: 'ICT',
    initialAssessment: { name: 'Essential Digital Skills Initial Assessment', id: 468 },
    diagnosticName: 'Essential Digital Skills Diagnostic',
    diagnosticIdBase: 4690, // invented
  },
];

/**
 * The curriculum components a diagnostic measures: the functional skills subject
 * content (Ofqual, 2019) for English and Maths, and Essential Digital Skills (2023) for
 * ICT and digital.
 */
export const SKILL_COMPONENTS: Record<SkillArea, readonly string[]> = {
  english: ['Reading', 'Writing: spelling', 'Writing: punctuation', 'Writing: grammar', 'Speaking, listening and communicating'],
  maths: ['Using numbers and the number system', 'Using common measures, shape and space', 'Handling information and data'],
  ict: ['Using devices and handling information', 'Creating and editing', 'Communicating', 'Transacting', 'Being safe and responsible online'],
};

export const LEVELS = ['Below Entry 1', 'Entry 1', 'Entry 2', 'Entry 3', 'Level 1', 'Level 2', 'Level 3'] as const;
export type Level = (typeof LEVELS)[number];

/** How often each level comes up in generated results: most learners sit around E3 to L1. */
export const LEVEL_WEIGHTS: ReadonlyArray<readonly [Level, number]> = [
  ['Below Entry 1', 3],
  ['Entry 1', 5],
  ['Entry 2', 10],
  ['Entry 3', 25],
  ['Level 1', 35],
  ['Level 2', 20],
  ['Level 3', 2],
];

const SHORT_LEVEL: Record<Level, string> = {
  'Below Entry 1': 'Below E1',
  'Entry 1': 'E1',
  'Entry 2': 'E2',
  'Entry 3': 'E3',
  'Level 1': 'L1',
  'Level 2': 'L2',
  'Level 3': 'L3',
};

/** The result text bksb would show for a level on this course: `Level 1`, `English E3`, `ICT Level 1`. */
export function resultText(course: CourseDefinition, level: Level): string {
  if (course.wording === 'modern') return level;
  if (course.area === 'ict') return `${course.legacyPrefix} ${level}`;
  return `${course.legacyPrefix} ${SHORT_LEVEL[level]}`;
}

export function findCourse(courseSubject: string): CourseDefinition | undefined {
  return COURSES.find((course) => course.courseSubject.toLowerCase() === courseSubject.toLowerCase());
}
