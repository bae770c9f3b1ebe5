import { eligibilityOf, EligibilityFacts } from './eligibility';

const W = '2026-02-28';
const learner = (facts: Partial<EligibilityFacts>): EligibilityFacts => ({
  type: 'learner',
  systemStatus: 'Live',
  learningStatus: 'InLearning',
  endDate: null,
  applicationStatus: null,
  closedOn: null,
  ...facts,
});
const applicant = (facts: Partial<EligibilityFacts>): EligibilityFacts => ({
  type: 'applicant',
  systemStatus: 'Live',
  learningStatus: null,
  endDate: null,
  applicationStatus: 'Open',
  closedOn: null,
  ...facts,
});

describe('eligibilityOf (docs/api.md eligibility table, W = 2026-02-28)', () => {
  it.each([
    ['learner Live InLearning', learner({}), true],
    ['learner Live InLearning, old end date', learner({ endDate: '2020-01-01' }), true],
    ['learner Live Completed, end date = W', learner({ learningStatus: 'Completed', endDate: W }), true],
    ['learner Live Withdrawn, end date after W', learner({ learningStatus: 'Withdrawn', endDate: '2026-03-30' }), true],
    ['learner Live BreakInLearning, end date the day before W', learner({ learningStatus: 'BreakInLearning', endDate: '2026-02-27' }), false],
    ['learner Live Completed, no end date', learner({ learningStatus: 'Completed', endDate: null }), false],
    ['learner Archived InLearning', learner({ systemStatus: 'Archived' }), false],
    ['learner Archived Completed, recent end', learner({ systemStatus: 'Archived', learningStatus: 'Completed', endDate: '2026-03-30' }), false],
    ['applicant Live Open', applicant({}), true],
    ['applicant Live Withdrawn, closed on W', applicant({ applicationStatus: 'Withdrawn', closedOn: W }), true],
    ['applicant Live Converted, closed after W', applicant({ applicationStatus: 'Converted', closedOn: '2026-03-01' }), true],
    ['applicant Live Withdrawn, closed the day before W', applicant({ applicationStatus: 'Withdrawn', closedOn: '2026-02-27' }), false],
    ['applicant Live Converted, no closed date', applicant({ applicationStatus: 'Converted' }), false],
    ['applicant Archived Open', applicant({ systemStatus: 'Archived' }), false],
  ])('%s: %p', (_name, facts, expected) => {
    const result = eligibilityOf(facts, W);
    expect(result.eligible).toBe(expected);
    expect(result.notEligibleBecause === null).toBe(expected);
  });

  it('says why in plain words', () => {
    expect(eligibilityOf(learner({ systemStatus: 'Archived' }), W).notEligibleBecause).toBe('Archived in PICS.');
    expect(eligibilityOf(learner({ learningStatus: 'Completed', endDate: '2026-01-02' }), W).notEligibleBecause).toBe(
      'Not in learning (Completed) and the end date 2026-01-02 is over a month ago.',
    );
    expect(eligibilityOf(applicant({ applicationStatus: 'Withdrawn' }), W).notEligibleBecause).toBe('Application Withdrawn with no closed date.');
  });
});
