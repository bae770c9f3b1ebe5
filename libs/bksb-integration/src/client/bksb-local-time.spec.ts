import { bksbLocalTimeToUtc } from './bksb-local-time';

const utc = (text: string, region: 'UK' | 'AU' = 'UK') => bksbLocalTimeToUtc(text, region)?.toISOString() ?? null;

describe('bksbLocalTimeToUtc', () => {
  it('reads UK winter time as UTC and summer time as UTC+1', () => {
    expect(utc('2026-01-15T09:30:00')).toBe('2026-01-15T09:30:00.000Z');
    expect(utc('2026-10-02T13:41:07')).toBe('2026-10-02T12:41:07.000Z');
    expect(utc('2026-10-02T13:41:07.5')).toBe('2026-10-02T12:41:07.500Z');
    expect(utc('2026-10-02 13:41')).toBe('2026-10-02T12:41:00.000Z');
  });

  it('on either side of the spring change (29 March 2026, 01:00 GMT -> 02:00 BST)', () => {
    expect(utc('2026-03-29T00:59:59')).toBe('2026-03-29T00:59:59.000Z');
    expect(utc('2026-03-29T03:00:00')).toBe('2026-03-29T02:00:00.000Z');
    // 01:30 does not exist: read with the offset before the change (GMT).
    expect(utc('2026-03-29T01:30:00')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('on either side of the autumn change (25 October 2026, 02:00 BST -> 01:00 GMT)', () => {
    expect(utc('2026-10-25T00:30:00')).toBe('2026-10-24T23:30:00.000Z');
    expect(utc('2026-10-25T02:30:00')).toBe('2026-10-25T02:30:00.000Z');
    // 01:30 happens twice: the earlier instant (BST) is taken.
    expect(utc('2026-10-25T01:30:00')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads the Australian host as Australia/Melbourne, including its changes', () => {
    expect(utc('2026-07-01T12:00:00', 'AU')).toBe('2026-07-01T02:00:00.000Z');
    expect(utc('2026-01-15T12:00:00', 'AU')).toBe('2026-01-15T01:00:00.000Z');
    // 5 April 2026, 03:00 AEDT -> 02:00 AEST: 02:30 is ambiguous, the earlier is taken.
    expect(utc('2026-04-05T02:30:00', 'AU')).toBe('2026-04-04T15:30:00.000Z');
    // 4 October 2026, 02:00 AEST -> 03:00 AEDT: 02:30 does not exist.
    expect(utc('2026-10-04T02:30:00', 'AU')).toBe('2026-10-03T16:30:00.000Z');
  });

  it('honours a zone should bksb ever send one', () => {
    expect(utc('2026-10-02T13:41:07Z')).toBe('2026-10-02T13:41:07.000Z');
    expect(utc('2026-10-02T13:41:07+10:00')).toBe('2026-10-02T03:41:07.000Z');
  });

  it('refuses what is not a zone-less time stamp', () => {
    for (const text of ['', 'yesterday', '2026-02-30T10:00:00', '2026-10-02', '2026-10-02T25:00:00']) {
      expect(bksbLocalTimeToUtc(text, 'UK')).toBeNull();
    }
  });
});
