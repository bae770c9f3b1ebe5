import { formatLondonLocal, isLocalDateTime, shiftLocal, toBksbLocalTime } from './uk-local-time';

describe('UK local time', () => {
  it('writes an instant as London wall-clock time without a zone, in summer and in winter', () => {
    expect(formatLondonLocal(new Date('2026-07-01T12:00:00Z'))).toBe('2026-07-01T13:00:00');
    expect(formatLondonLocal(new Date('2026-12-01T12:00:00Z'))).toBe('2026-12-01T12:00:00');
  });

  it('crosses the autumn change: two instants an hour apart show the same local hour', () => {
    expect(formatLondonLocal(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25T01:30:00');
    expect(formatLondonLocal(new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25T01:30:00');
  });

  it('keeps a zone-less time exactly and converts one with a zone', () => {
    expect(toBksbLocalTime('2026-03-29T01:30:00')).toBe('2026-03-29T01:30:00');
    expect(toBksbLocalTime('2026-10-02T13:41:07.123')).toBe('2026-10-02T13:41:07.123');
    expect(toBksbLocalTime('2026-10-02T12:41:07Z')).toBe('2026-10-02T13:41:07');
    expect(toBksbLocalTime('2026-10-02T14:41:07+02:00')).toBe('2026-10-02T13:41:07');
  });

  it('refuses what is not a date-time', () => {
    expect(() => toBksbLocalTime('yesterday')).toThrow(RangeError);
    expect(isLocalDateTime('2026-02-30T10:00:00')).toBe(false);
    expect(isLocalDateTime('2026-02-28T24:00:00')).toBe(false);
  });

  it('shifts local times as calendar arithmetic across midnight', () => {
    expect(shiftLocal('2026-01-01T00:10:00', -20)).toBe('2025-12-31T23:50:00');
  });
});
