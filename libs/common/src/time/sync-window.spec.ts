import { londonDate, syncWindowStart } from './sync-window';

describe('syncWindowStart', () => {
  it.each([
    ['2026-03-31T12:00:00Z', '2026-02-28'],
    ['2028-02-29T12:00:00Z', '2028-01-29'],
    ['2027-03-29T12:00:00Z', '2027-02-28'],
    ['2028-03-31T12:00:00Z', '2028-02-29'],
    ['2026-03-15T12:00:00Z', '2026-02-15'],
    ['2026-01-10T12:00:00Z', '2025-12-10'],
    ['2026-05-31T12:00:00Z', '2026-04-30'],
    ['2026-12-31T12:00:00Z', '2026-11-30'],
  ])('at %s is %s', (now, expected) => {
    expect(syncWindowStart(new Date(now))).toBe(expected);
  });

  it('reckons "today" in Europe/London, not UTC, near midnight', () => {
    // 23:30 UTC on 31 May is 00:30 on 1 June in London (BST).
    expect(londonDate(new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    expect(syncWindowStart(new Date('2026-05-31T23:30:00Z'))).toBe('2026-05-01');
    // In winter London is on UTC: 23:30 UTC on 31 January is still 31 January.
    expect(syncWindowStart(new Date('2026-01-31T23:30:00Z'))).toBe('2025-12-31');
    expect(syncWindowStart(new Date('2026-03-31T22:59:00Z'))).toBe('2026-02-28');
  });
});
