import { isValidWallClock, UK_TIME_ZONE, WallClock, wallClockToUtc } from '@picsweb/common';
import { BksbRegion } from '../domain/bksb-domain';

const ZONES: Record<BksbRegion, string> = { UK: UK_TIME_ZONE, AU: 'Australia/Melbourne' };
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;
/** Should bksb ever add a zone, it is honoured. */
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads a bksb time stamp, which has no zone, as local time of the region's zone
 * (UK: Europe/London, AU: Australia/Melbourne) and returns the UTC instant, or null
 * when the text is not a time stamp.
 *
 * The daylight-saving changes follow wallClockToUtc's rule (libs/common): a time in the
 * hour skipped in spring is read with the offset before the change (01:30 GMT = 02:30
 * BST); a time in the hour repeated in autumn is the earlier instant (summer time).
 */
export function bksbLocalTimeToUtc(text: string, region: BksbRegion): Date | null {
  if (ZONED_TIME.test(text.trim())) {
    const instant = new Date(text.trim());
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  const match = LOCAL_TIME.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '0'] = match;
  const wall: WallClock = {
    year: +year,
    month: +month,
    day: +day,
    hour: +hour,
    minute: +minute,
    second: +second,
    millisecond: Math.round(Number(`0.${fraction}`) * 1000),
  };
  return isValidWallClock(wall) ? wallClockToUtc(wall, ZONES[region]) : null;
}
