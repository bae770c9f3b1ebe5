import { isValidWallClock, localDate, UK_TIME_ZONE, wallClockAt, wallClockToUtc } from './zoned-time';

const wall = (text: string) => {
  const [year, month, day, hour, minute] = text.split(/[-T:]/).map(Number);
  return { year, month, day, hour, minute, second: 0 };
};

describe('zoned time', () => {
  it('reads the date in the zone, not in UTC, near midnight', () => {
    expect(localDate(new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    expect(localDate(new Date('2026-01-31T23:30:00Z'), UK_TIME_ZONE)).toBe('2026-01-31');
    expect(localDate(new Date('2026-05-31T23:30:00Z'), 'Australia/Melbourne')).toBe('2026-06-01');
  });

  it('shows the wall clock of a zone at an instant', () => {
    expect(wallClockAt(new Date('2026-07-01T11:05:09Z'), UK_TIME_ZONE)).toEqual({ year: 2026, month: 7, day: 1, hour: 12, minute: 5, second: 9 });
  });

  it('turns a wall clock into an instant, with one rule for the hours skipped and repeated', () => {
    expect(wallClockToUtc(wall('2026-01-15T09:00'), UK_TIME_ZONE).toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(wallClockToUtc(wall('2026-07-15T09:00'), UK_TIME_ZONE).toISOString()).toBe('2026-07-15T08:00:00.000Z');
    // 29 March 2026: 01:00-02:00 does not exist in London; read with the offset before.
    expect(wallClockToUtc(wall('2026-03-29T01:30'), UK_TIME_ZONE).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026: 01:00-02:00 happens twice; the earlier (BST) is taken.
    expect(wallClockToUtc(wall('2026-10-25T01:30'), UK_TIME_ZONE).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('answers the same once offsets are kept, also on the days the offset changes, at a whole UTC hour or not', () => {
    // 5 April 2026, Adelaide: 03:00 ACDT (+10:30) goes back to 02:00 ACST (+9:30) at 16:30 UTC, mid-hour.
    expect(wallClockToUtc(wall('2026-04-05T02:30'), 'Australia/Adelaide').toISOString()).toBe('2026-04-04T16:00:00.000Z');
    const days = [
      ['Australia/Adelaide', '2026-04-05'],
      ['Australia/Adelaide', '2026-10-04'],
      [UK_TIME_ZONE, '2026-03-29'],
      [UK_TIME_ZONE, '2026-10-25'],
    ];
    for (const pass of ['first', 'again']) {
      for (const [zone, day] of days) {
        for (let minutes = 0; minutes < 24 * 60; minutes += 10) {
          const time = wall(`${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);
          const instant = wallClockToUtc(time, zone);
          const shown = wallClockAt(instant, zone);
          // A time that exists shows on the clock at its instant; one in a skipped hour lands an hour later.
          const skipped = shown.hour !== time.hour;
          expect({ pass, zone, time, shown: skipped ? { ...shown, hour: shown.hour - 1 } : shown }).toEqual({ pass, zone, time, shown: time });
        }
      }
    }
  });

  it('tells real dates and times from impossible ones', () => {
    expect(isValidWallClock(wall('2028-02-29T23:59'))).toBe(true);
    expect(isValidWallClock(wall('2026-02-29T10:00'))).toBe(false);
    expect(isValidWallClock(wall('2026-02-10T24:00'))).toBe(false);
  });
});
