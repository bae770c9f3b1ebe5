import { localDate, UK_TIME_ZONE } from './zoned-time';

/** Today's date in Europe/London as YYYY-MM-DD. */
export function londonDate(now: Date): string {
  return localDate(now, UK_TIME_ZONE);
}

/**
 * W of docs/api.md: today in Europe/London minus one calendar month, clamped to the end of
 * a shorter month (31 March -> 28 or 29 February).
 */
export function syncWindowStart(now: Date): string {
  const [year, month, day] = londonDate(now).split('-').map(Number);
  const targetYear = month === 1 ? year - 1 : year;
  const targetMonth = month === 1 ? 12 : month - 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${targetYear}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}
