import { levelOf, scoreOf, subjectOf } from './bksb-result-mapping';

describe('subjectOf', () => {
  it.each([
    [{ courseSubject: 'ENG_NEW' }, 'English'],
    [{ courseSubject: 'MATHS_NEW' }, 'Maths'],
    [{ courseSubject: 'OZ_ENG' }, 'English'],
    [{ courseSubject: 'OZ_MATHS' }, 'Maths'],
    [{ courseSubject: 'OZ_DIGI' }, 'ICT'],
    [{ courseSubject: 'ICT' }, 'ICT'],
    [{ assessmentId: 50001 }, 'English'],
    [{ assessmentId: 40000 }, 'Maths'],
    [{ assessmentId: 468 }, 'ICT'],
    [{ resultText: 'English E3' }, 'English'],
    [{ resultText: 'Mathematics L1' }, 'Maths'],
    [{ resultText: 'ICT Level 1' }, 'ICT'],
    [{ resultText: 'Maths ACSF L1' }, 'Maths'],
    [{ resultText: 'Level 1', assessmentName: 'Maths Initial Assessment' }, 'Maths'],
    [{ resultText: 'Entry 3', courseName: 'Functional Skills English' }, 'English'],
    [{ assessmentName: 'Essential Digital Skills Initial Assessment' }, 'ICT'],
    [{ courseSubject: 'MATHS_NEW', resultText: 'English E3' }, 'Maths'],
  ])('%p is %s', (clues, subject) => {
    expect(subjectOf(clues)).toBe(subject);
  });

  it('is null when nothing names a subject', () => {
    expect(subjectOf({ courseSubject: 'SCIENCE', resultText: 'Level 2', assessmentName: 'Wellbeing check' })).toBeNull();
    expect(subjectOf({})).toBeNull();
  });
});

describe('levelOf', () => {
  it.each([
    ['Below Entry 1', 'BelowE1'],
    ['Below Entry Level 1', 'BelowE1'],
    ['Pre-Entry', 'BelowE1'],
    ['Entry 1', 'E1'],
    ['Entry 2', 'E2'],
    ['Entry Level 3', 'E3'],
    ['Level 1', 'L1'],
    ['Level 2', 'L2'],
    ['Level 3', 'L3'],
    ['English E3', 'E3'],
    ['Mathematics L1', 'L1'],
    ['ICT Level 1', 'L1'],
    ['Maths ACSF L1', 'L1'],
    ['English Entry 2', 'E2'],
    ['level_2', 'L2'],
  ])('%s is %s', (text, level) => {
    expect(levelOf(text)).toBe(level);
  });

  it('is null without a level', () => {
    for (const text of ['', 'Not completed', 'Level 4', 'Entry', null, undefined]) expect(levelOf(text)).toBeNull();
  });
});

describe('scoreOf', () => {
  it('reads a score or percentage in any of its forms', () => {
    expect(scoreOf({ Score: 72 })).toBe(72);
    expect(scoreOf({ Percentage: '64%' })).toBe(64);
    expect(scoreOf({ ScorePercentage: '81.5' })).toBe(81.5);
    expect(scoreOf({ Result: 'Level 1' })).toBeNull();
    expect(scoreOf({ Score: 'n/a' })).toBeNull();
  });
});
