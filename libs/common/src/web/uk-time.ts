const UK_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const UK_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });

/** An instant as UK local time, e.g. "29 Nov 2026, 14:05" (GMT or BST as the date needs). */
export function formatUkDateTime(instant: Date): string {
  return UK_DATE_TIME.format(instant);
}

/** A calendar date (YYYY-MM-DD) as e.g. "1 Sept 2026"; no time zone applies to a date. */
export function formatUkDate(date: string): string {
  return UK_DATE.format(new Date(`${date}T00:00:00Z`));
}
