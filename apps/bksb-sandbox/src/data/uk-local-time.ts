/**
 * bksb writes time stamps as UK local time without a zone (`2026-10-02T13:41:07`).
 * The sandbox keeps them in that form and sorts them as text, as bksb appears to.
 */

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,7})?$/;
const WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `YYYY-MM-DDTHH:mm:ss` from calendar parts, without any zone conversion. */
export function localDateTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

/** The Europe/London wall-clock time of an instant, without a zone. */
export function formatLondonLocal(instant: Date): string {
  const parts: Record<string, number> = {};
  for (const part of londonParts.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return localDateTime(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second);
}

export function isLocalDateTime(text: string): boolean {
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  );
}

/**
 * Accepts either a zone-less local time (kept exactly, as bksb would send it) or an
 * ISO instant with `Z` or an offset (converted to UK local time).
 */
export function toBksbLocalTime(input: string): string {
  const text = input.trim();
  if (isLocalDateTime(text)) return text;
  if (WITH_ZONE.test(text)) {
    const instant = new Date(text);
    if (!Number.isNaN(instant.getTime())) return formatLondonLocal(instant);
  }
  throw new RangeError(`'${input}' is neither a local date-time like 2026-10-02T13:41:07 nor an ISO instant with a zone.`);
}

/** Adds minutes to a zone-less local time as plain calendar arithmetic. */
export function shiftLocal(local: string, minutes: number): string {
  const match = LOCAL_DATE_TIME.exec(local);
  if (!match) throw new RangeError(`'${local}' is not a local date-time.`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const shifted = new Date(Date.UTC(year, month - 1, day, hour, minute, second) + minutes * 60_000);
  return localDateTime(
    shifted.getUTCFullYear(),
    shifted.getUTCMonth() + 1,
    shifted.getUTCDate(),
    shifted.getUTCHours(),
    shifted.getUTCMinutes(),
    shifted.getUTCSeconds(),
  );
}
