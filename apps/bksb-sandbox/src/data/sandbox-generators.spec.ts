import { COURSES, LEVELS } from './assessment-catalog';
import { SandboxGenerators } from './sandbox-generators';
import { SeededRandom } from './seeded-random';

const NOW = new Date('2026-11-20T10:00:00Z');
const generators = (seed = 5) => new SandboxGenerators(new SeededRandom(seed), () => NOW);
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const MODERN = '(Below Entry 1|Entry [123]|Level [123])';
const LEVEL_TEXT = new RegExp(`^((English|Mathematics) (Below E1|E[123]|L[123])|ICT ${MODERN}|${MODERN})$`);

describe('SandboxGenerators', () => {
  it('makes the same people and histories from the same seed', () => {
    const a = generators();
    const b = generators();
    expect([a.person(() => false), a.resultHistory()]).toEqual([b.person(() => false), b.resultHistory()]);
  });

  it('never hands out a user name that is taken', () => {
    const taken = new Set<string>();
    const gen = generators();
    for (let i = 0; i < 3000; i += 1) {
      const person = gen.person((name) => taken.has(name));
      expect(taken.has(person.username)).toBe(false);
      taken.add(person.username);
    }
  });

  it('writes initial results as bksb does: known subjects, ids, wordings and zone-less past dates', () => {
    const gen = generators(9);
    const results = Array.from({ length: 400 }, () => gen.result('initial'));
    const subjects = new Set(results.map((result) => result.courseSubject));
    expect(subjects).toEqual(new Set(COURSES.map((course) => course.courseSubject)));
    for (const result of results) {
      expect(result.resultDate).toMatch(LOCAL);
      expect(result.resultDate < '2026-11-20T10:00:00').toBe(true);
      expect(result.result).toMatch(LEVEL_TEXT);
    }
    const maths = results.find((result) => result.courseSubject === 'MATHS_NEW');
    expect(maths).toMatchObject({ assessmentId: 50000, assessmentName: 'Maths Initial Assessment', courseName: 'Functional Skills Maths' });
    expect(results.find((result) => result.courseSubject === 'ICT')).toMatchObject({ assessmentId: 468 });
    expect(results.some((result) => /^English E3$/.test(result.result))).toBe(true);
    expect(results.some((result) => /^Mathematics L1$/.test(result.result))).toBe(true);
    expect(results.some((result) => result.result === 'Below Entry 1')).toBe(true);
  });

  it('gives diagnostics a level, a score and a percentage', () => {
    const diagnostic = generators().result('diagnostic', { courseSubject: 'ENG_NEW', level: 'Level 1' });
    expect(diagnostic).toMatchObject({
      kind: 'diagnostic',
      courseSubject: 'ENG_NEW',
      result: 'Level 1',
      assessmentName: 'English Diagnostic Level 1',
    });
    expect(diagnostic.percentage).toBe(Math.round(((diagnostic.score ?? 0) / 40) * 100));
    expect(LEVELS).toContain(diagnostic.result);
  });

  it('gives most learners English and Maths initial results, and some diagnostics and ICT', () => {
    const gen = generators(21);
    const histories = Array.from({ length: 300 }, () => gen.resultHistory());
    const share = (test: (history: ReturnType<typeof gen.resultHistory>) => boolean) =>
      histories.filter(test).length / histories.length;
    expect(share((h) => h.some((r) => r.kind === 'initial' && /ENG/.test(r.courseSubject)))).toBeGreaterThan(0.8);
    expect(share((h) => h.some((r) => r.kind === 'initial' && /MATHS/.test(r.courseSubject)))).toBeGreaterThan(0.8);
    expect(share((h) => h.some((r) => r.kind === 'diagnostic'))).toBeGreaterThan(0.3);
    expect(share((h) => h.some((r) => r.courseSubject === 'ICT' || r.courseSubject === 'DIGITAL'))).toBeGreaterThan(0.2);
  });
});
