import { BksbResult } from '../client/bksb-api.types';
import { tagDecisionsFor } from './tag-decisions';

const result = (fields: Partial<BksbResult>): BksbResult => ({
  kind: 'initial',
  sessionId: 1,
  subject: 'English',
  level: 'E3',
  score: null,
  resultText: 'Entry 3',
  assessmentName: 'English Initial Assessment',
  courseName: 'Functional Skills English',
  courseSubject: 'ENG_NEW',
  assessmentId: 50001,
  resultDate: new Date('2026-10-01T10:00:00Z'),
  raw: {},
  ...fields,
});
const configured = { english: ['tag-e'], maths: ['tag-m1', 'tag-m2'], ict: [] };

describe('tagDecisionsFor', () => {
  it('decides once per subject, at the oldest new initial result, with the tags configured now', () => {
    const decisions = tagDecisionsFor(
      [
        result({ sessionId: 3, subject: 'English', resultDate: new Date('2026-10-03T00:00:00Z') }),
        result({ sessionId: 2, subject: 'English', resultDate: new Date('2026-10-02T00:00:00Z') }),
        result({ sessionId: 5, subject: 'Maths' }),
      ],
      new Set(),
      configured,
    );
    expect(decisions).toEqual([
      { subject: 'Maths', tagIds: ['tag-m1', 'tag-m2'], bksbSessionId: 5 },
      { subject: 'English', tagIds: ['tag-e'], bksbSessionId: 2 },
    ]);
  });

  it('records a decision even when no tags are configured, so later configuration does not apply them', () => {
    expect(tagDecisionsFor([result({ subject: 'ICT' })], new Set(), configured)).toEqual([{ subject: 'ICT', tagIds: [], bksbSessionId: 1 }]);
  });

  it('decides nothing for a subject already decided, an unmapped subject, or a diagnostic result', () => {
    expect(
      tagDecisionsFor(
        [result({ subject: 'English' }), result({ subject: null }), result({ kind: 'diagnostic', subject: 'Maths' })],
        new Set(['English'] as const),
        configured,
      ),
    ).toEqual([]);
  });
});
