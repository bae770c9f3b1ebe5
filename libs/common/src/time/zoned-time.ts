/** The zone of "today", "the last month" and the schedules (docs/api.md). */
export const UK_TIME_ZONE = 'Europe/London';

/** A clock on the wall of some zone: calendar date and time, no zone attached. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond?: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** What a clock in the zone shows at an instant (to the second). */
export function wallClockAt(instant: Date | number, zone: string): WallClock {
  const parts = Object.fromEntries(formatterFor(zone).formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar date (YYYY-MM-DD) in the zone at an instant; "today" is `localDate(clock.now())`. */
export function localDate(instant: Date, zone: string = UK_TIME_ZONE): string {
  const { year, month, day } = wallClockAt(instant, zone);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

const asUtc = (wall: WallClock) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond ?? 0);

const exactOffsetAt = (instant: number, zone: string) => asUtc(wallClockAt(instant, zone)) - Math.floor(instant / 1000) * 1000;

/** Per zone, the offsets of UTC days (numbered from the epoch) with no change of offset in them. */
const dayOffsets = new Map<string, Map<number, number>>();
const DAYS_KEPT = 50_000;

/**
 * The zone's offset from UTC, in ms, at an instant. Intl takes microseconds to tell it
 * and a sync reads thousands of bksb times, so a day's offset is kept when it is the
 * same at the day's first and last second (an offset changes at most once a day).
 */
function offsetAt(instant: number, zone: string): number {
  const day = Math.floor(instant / DAY_MS);
  let offsets = dayOffsets.get(zone);
  if (!offsets) dayOffsets.set(zone, (offsets = new Map()));
  const kept = offsets.get(day);
  if (kept !== undefined) return kept;
  const offset = exactOffsetAt(instant, zone);
  if (exactOffsetAt(day * DAY_MS, zone) === offset && exactOffsetAt((day + 1) * DAY_MS - 1000, zone) === offset) {
    if (offsets.size >= DAYS_KEPT) offsets.clear();
    offsets.set(day, offset);
  }
  return offset;
}

/**
 * The instant a wall clock in the zone shows. The rule for the two daylight-saving
 * changes (Temporal's "compatible"):
 * - a time in the hour skipped in spring (e.g. 01:30 on the last Sunday of March in
 *   London) does not exist; it is read with the offset in force before the change, so
 *   it lands one hour later on the clock (01:30 GMT = 02:30 BST);
 * - a time in the hour repeated in autumn is ambiguous; the earlier instant (the first
 *   pass, still on summer time) is taken.
 */
export function wallClockToUtc(wall: WallClock, zone: string): Date {
  const wallAsUtc = asUtc(wall);
  // The offsets half a day either side are the only two a change can be between.
  const offsetBefore = offsetAt(wallAsUtc - 12 * HOUR_MS, zone);
  const offsetAfter = offsetAt(wallAsUtc + 12 * HOUR_MS, zone);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => wallAsUtc - offset)
    .filter((instant) => instant + offsetAt(instant, zone) === wallAsUtc);
  if (candidates.length === 0) return new Date(wallAsUtc - offsetBefore);
  return new Date(Math.min(...candidates));
}

/** True when the parts name a real calendar date and time (no 31 February, no 24:00). */
export function isValidWallClock(wall: WallClock): boolean {
  const check = new Date(asUtc(wall));
  return (
    check.getUTCMonth() === wall.month - 1 &&
    check.getUTCDate() === wall.day &&
    wall.hour <= 23 &&
    wall.minute <= 59 &&
    wall.second <= 59
  );
}
