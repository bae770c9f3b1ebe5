import { COURSES, CourseDefinition, LEVEL_WEIGHTS, LEVELS, Level, SkillArea, findCourse, resultText } from './assessment-catalog';
import { ResultKind, SandboxResult, SandboxUser } from './sandbox-records';
import { SeededRandom } from './seeded-random';
import { formatLondonLocal, localDateTime } from './uk-local-time';

const FIRST_NAMES = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Sophia', 'Grace',
  'Freya', 'Poppy', 'Evie', 'Ella', 'Aisha', 'Zara', 'Priya', 'Chloe', 'Megan', 'Niamh',
  'Oliver', 'George', 'Noah', 'Arthur', 'Leo', 'Muhammad', 'Harry', 'Oscar', 'Jack', 'Charlie',
  'Jacob', 'Thomas', 'Alfie', 'Ethan', 'Callum', 'Rhys', 'Kieran', 'Dylan', 'Kai', 'Tyler',
] as const;

const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson',
  'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson',
  'Clarke', 'Khan', 'Hughes', 'Edwards', 'Turner', 'Hill', "O'Brien", 'Ahmed', 'Lewis', 'Harris',
  'Martin', 'Cooper', 'Ward', 'Morris', 'Moore', 'Murphy', 'Kaur', 'Begum', 'Singh', 'Campbell',
] as const;

const PROGRAMMES = [
  'Business Administration', 'Health and Social Care', 'Customer Service', 'Hospitality',
  'Engineering', 'Early Years', 'Warehousing', 'Digital Marketing', 'Adult Care', 'Retail',
] as const;

const INTAKES = ['September', 'January', 'April'] as const;

export type UserFields = Omit<SandboxUser, 'userId'>;

/** A result before the store gives it a session id (when it has none). */
export type ResultDraft = Omit<SandboxResult, 'sessionId'> & { sessionId?: number };

export interface GroupFields {
  name: string;
  description: string;
  numberOfUsers: number;
}

/** Realistic, reproducible users, results and groups from one seeded generator. */
export class SandboxGenerators {
  /** London calendar dates by UTC hour: Intl is slow, and seeding 50,000 users asks often. */
  private readonly londonDates = new Map<number, string>();

  constructor(
    private readonly random: SeededRandom,
    private readonly clock: () => Date,
  ) {}

  /** A new learner whose user name `isTaken` does not already hold. */
  person(isTaken: (username: string) => boolean): UserFields {
    const firstname = this.random.pick(FIRST_NAMES);
    const lastname = this.random.pick(LAST_NAMES);
    const base = `${firstname}.${lastname}`.toLowerCase().replace(/[^a-z.]/g, '');
    let username = base;
    while (isTaken(username)) username = `${base}${this.random.int(2, 99_999)}`;
    const birthYear = this.clock().getUTCFullYear() - this.random.int(16, 60);
    return {
      username,
      firstname,
      lastname,
      email: `${username}@example.org`,
      password: `Welcome-${this.random.int(1000, 9999)}`,
      dateOfBirth: localDateTime(birthYear, this.random.int(1, 12), this.random.int(1, 28)),
      autoEnrolCourses: this.random.chance(0.8),
    };
  }

  level(): Level {
    return this.random.weighted(LEVEL_WEIGHTS);
  }

  /** A UK local time on a working day-time some days before the clock's today. */
  localTime(daysAgo: number): string {
    const [year, month, date] = this.londonDate(this.clock().getTime() - daysAgo * 86_400_000)
      .split('-')
      .map(Number);
    return localDateTime(year, month, date, this.random.int(8, 19), this.random.int(0, 59), this.random.int(0, 59));
  }

  /** One result; anything not given is made up to fit the rest. */
  result(kind: ResultKind, fixed: { courseSubject?: string; level?: Level; daysAgo?: number } = {}): ResultDraft {
    const course = (fixed.courseSubject && findCourse(fixed.courseSubject)) || this.random.pick(COURSES);
    const level = fixed.level ?? this.level();
    const resultDate = this.localTime(fixed.daysAgo ?? this.random.int(1, 540));
    if (kind === 'initial') {
      return {
        kind,
        courseSubject: course.courseSubject,
        courseName: course.courseName,
        resultDate,
        assessmentName: course.initialAssessment.name,
        assessmentId: course.initialAssessment.id,
        result: resultText(course, level),
      };
    }
    const maxMarks = 40;
    const score = this.random.int(8, maxMarks);
    return {
      kind,
      courseSubject: course.courseSubject,
      courseName: course.courseName,
      resultDate,
      assessmentName: `${course.diagnosticName} ${level}`,
      assessmentId: course.diagnosticIdBase + LEVELS.indexOf(level),
      result: level,
      score,
      percentage: Math.round((score / maxMarks) * 100),
    };
  }

  /**
   * What one learner's bksb history tends to look like: English and Maths initial
   * assessments close together, sometimes ICT, diagnostics afterwards, now and then a
   * retake. Newer and older course subjects and wordings are mixed. With
   * `englishAndMaths`, both initial assessments are always there.
   */
  resultHistory(options: { englishAndMaths?: boolean } = {}): ResultDraft[] {
    const startedDaysAgo = this.random.int(20, 540);
    const drafts: ResultDraft[] = [];
    const assessed = options.englishAndMaths ? 1 : 0.9;
    const areas: Array<[SkillArea, number]> = [
      ['english', assessed],
      ['maths', assessed],
      ['ict', 0.35],
    ];
    for (const [area, probability] of areas) {
      if (!this.random.chance(probability)) continue;
      const course = this.courseFor(area);
      const level = this.level();
      const initialDaysAgo = Math.max(1, startedDaysAgo - this.random.int(0, 3));
      drafts.push(this.result('initial', { courseSubject: course.courseSubject, level, daysAgo: initialDaysAgo }));
      if (area !== 'ict' && this.random.chance(0.5)) {
        const diagnostics = this.random.int(1, 3);
        for (let i = 0; i < diagnostics; i += 1) {
          const daysAgo = Math.max(1, initialDaysAgo - this.random.int(1, 30));
          drafts.push(this.result('diagnostic', { courseSubject: course.courseSubject, level, daysAgo }));
        }
      }
      if (this.random.chance(0.1)) {
        const daysAgo = Math.max(1, initialDaysAgo - this.random.int(30, 120));
        drafts.push(this.result('initial', { courseSubject: course.courseSubject, daysAgo }));
      }
    }
    return drafts;
  }

  group(): GroupFields {
    const programme = this.random.pick(PROGRAMMES);
    const intake = `${this.random.pick(INTAKES)} ${this.clock().getUTCFullYear() - this.random.int(0, 2)}`;
    return {
      name: `${programme} Apprentices ${intake}`,
      description: `${programme} learners who started in ${intake}`,
      numberOfUsers: this.random.int(4, 60),
    };
  }

  private londonDate(epochMs: number): string {
    const hour = Math.floor(epochMs / 3_600_000);
    let date = this.londonDates.get(hour);
    if (date === undefined) {
      if (this.londonDates.size > 50_000) this.londonDates.clear();
      date = formatLondonLocal(new Date(hour * 3_600_000)).slice(0, 10);
      this.londonDates.set(hour, date);
    }
    return date;
  }

  private courseFor(area: SkillArea): CourseDefinition {
    const modern = COURSES.filter((course) => course.area === area && course.wording === 'modern');
    const legacy = COURSES.filter((course) => course.area === area && course.wording === 'legacy');
    const preferLegacy = area === 'ict' ? this.random.chance(0.5) : this.random.chance(0.15);
    return this.random.pick(preferLegacy && legacy.length > 0 ? legacy : modern);
  }
}
