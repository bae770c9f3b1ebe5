export type BksbRegion = 'UK' | 'AU';

const ZONES: Record<BksbRegion, string> = { UK: 'Europe/London', AU: 'Australia/Melbourne' };
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;
/** Should bksb ever add a zone, it is honoured. */
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const HOUR_MS = 3_600_000;

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

/** The zone's offset from UTC, in ms, at an instant. */
function offsetAt(instant: number, zone: string): number {
  const parts = Object.fromEntries(formatterFor(zone).formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * Reads a bksb time stamp, which has no zone, as local time of the region's zone
 * (UK: Europe/London, AU: Australia/Melbourne) and returns the UTC instant, or null
 * when the text is not a time stamp.
 *
 * The rule for the two daylight-saving changes (the same as Temporal's "compatible"):
 * - a time in the hour skipped in spring (e.g. 01:30 on the last Sunday of March in
 *   London) does not exist; it is read with the offset in force before the change, so
 *   it lands one hour later on the clock (01:30 GMT = 02:30 BST);
 * - a time in the hour repeated in autumn is ambiguous; the earlier instant (the first
 *   pass, still on summer time) is taken.
 */
export function bksbLocalTimeToUtc(text: string, region: BksbRegion): Date | null {
  if (ZONED_TIME.test(text.trim())) {
    const instant = new Date(text.trim());
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  const match = LOCAL_TIME.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '0'] = match;
  const wallAsUtc = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, Math.round(Number(`0.${fraction}`) * 1000));
  const check = new Date(wallAsUtc);
  if (check.getUTCMonth() !== +month - 1 || check.getUTCDate() !== +day || +hour > 23 || +minute > 59 || +second > 59) return null;
  const zone = ZONES[region];
  const offsetBefore = offsetAt(wallAsUtc - 12 * HOUR_MS, zone);
  const offsetAfter = offsetAt(wallAsUtc + 12 * HOUR_MS, zone);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => wallAsUtc - offset)
    .filter((instant) => instant + offsetAt(instant, zone) === wallAsUtc);
  if (candidates.length === 0) return new Date(wallAsUtc - offsetBefore);
  return new Date(Math.min(...candidates));
}
