import { countOf, localDate } from '@picsweb/common';
import { ChaseListItem } from '../../views/bksb-chase-list.service';

/** A row as the page shows it: the UK calendar date of the account, and how long the person has been waiting, in words. */
export interface ChaseListRow extends ChaseListItem {
  waiting: string;
  accountSinceDate: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function chaseListRows(items: ChaseListItem[], now: Date): ChaseListRow[] {
  const today = Date.parse(localDate(now));
  return items.map((item) => {
    const since = localDate(item.accountSince);
    const days = Math.max(0, Math.round((today - Date.parse(since)) / DAY_MS));
    return {
      ...item,
      waiting: days === 0 ? 'Under a day' : countOf(days, 'day', 'days'),
      accountSinceDate: since,
    };
  });
}
