import { syncWindowStart } from '@picsweb/common';
import { eligibilityOf } from '../people/eligibility';
import { demoPeople } from './demo-people';

describe('demoPeople', () => {
  const today = '2026-03-31';
  const W = syncWindowStart(new Date(`${today}T12:00:00Z`));
  const { learners, applicants } = demoPeople(today, 'demo.test');
  const facts = [
    ...learners.map((l) => ({ type: 'learner' as const, systemStatus: l.systemStatus ?? 'Live', learningStatus: l.learningStatus ?? 'InLearning', endDate: l.endDate ?? null, applicationStatus: null, closedOn: null, email: l.email })),
    ...applicants.map((a) => ({ type: 'applicant' as const, systemStatus: a.systemStatus ?? 'Live', learningStatus: null, endDate: null, applicationStatus: a.applicationStatus ?? 'Open', closedOn: a.closedOn ?? null, email: a.email })),
  ];

  it.each([
    ['learner Live InLearning', (f: (typeof facts)[number]) => f.type === 'learner' && f.systemStatus === 'Live' && f.learningStatus === 'InLearning', true],
    ['learner Live other, end date >= W', (f: (typeof facts)[number]) => f.type === 'learner' && f.systemStatus === 'Live' && f.learningStatus !== 'InLearning' && f.endDate !== null && f.endDate >= W, true],
    ['learner Live other, end date < W', (f: (typeof facts)[number]) => f.type === 'learner' && f.learningStatus !== 'InLearning' && f.endDate !== null && f.endDate < W, false],
    ['learner Live other, no end date', (f: (typeof facts)[number]) => f.type === 'learner' && f.learningStatus !== 'InLearning' && f.endDate === null, false],
    ['learner Archived', (f: (typeof facts)[number]) => f.type === 'learner' && f.systemStatus === 'Archived', false],
    ['applicant Live Open', (f: (typeof facts)[number]) => f.type === 'applicant' && f.systemStatus === 'Live' && f.applicationStatus === 'Open', true],
    ['applicant Live closed >= W', (f: (typeof facts)[number]) => f.type === 'applicant' && f.applicationStatus !== 'Open' && f.closedOn !== null && f.closedOn >= W, true],
    ['applicant Live closed < W', (f: (typeof facts)[number]) => f.type === 'applicant' && f.applicationStatus !== 'Open' && f.closedOn !== null && f.closedOn < W, false],
    ['applicant Live no closed date', (f: (typeof facts)[number]) => f.type === 'applicant' && f.applicationStatus !== 'Open' && f.closedOn === null, false],
    ['applicant Archived', (f: (typeof facts)[number]) => f.type === 'applicant' && f.systemStatus === 'Archived', false],
  ])('covers the row "%s" with the expected eligibility', (_row, matches, eligible) => {
    const rows = facts.filter(matches);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(eligibilityOf(row, W).eligible).toBe(eligible);
  });

  it('has eligible people with and without email, of both types', () => {
    for (const type of ['learner', 'applicant']) {
      const eligible = facts.filter((f) => f.type === type && eligibilityOf(f, W).eligible);
      expect(eligible.some((f) => f.email)).toBe(true);
      expect(eligible.some((f) => !f.email)).toBe(true);
    }
  });
});
