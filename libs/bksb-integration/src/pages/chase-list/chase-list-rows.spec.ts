import { ChaseListItem } from '../../views/bksb-chase-list.service';
import { chaseListRows } from './chase-list-rows';

const item = (accountSince: string): ChaseListItem => ({
  personType: 'learner',
  id: 'p1',
  firstName: 'Ann',
  lastName: 'Lee',
  email: 'ann.lee@example.org',
  accountSince: new Date(accountSince),
  loginDetailsSentAt: null,
  loginDetails: { state: 'none', queuedAt: null, sentAt: null, failure: null, withoutAutoLoginLink: false },
  createdByPics: true,
  english: 'not-started',
  maths: 'unknown',
});

describe('chase list rows', () => {
  it('counts waiting in UK calendar days, across a clock change', () => {
    const now = new Date('2026-03-30T08:00:00Z');
    const [today, yesterday, week] = chaseListRows([item('2026-03-30T00:30:00Z'), item('2026-03-29T22:59:00Z'), item('2026-03-23T12:00:00Z')], now);
    expect(today.waiting).toBe('Under a day');
    expect(yesterday.waiting).toBe('1 day');
    expect(week).toMatchObject({ waiting: '7 days', accountSinceDate: '2026-03-23' });
  });

  it('shows the UK date when the account was made', () => {
    const [row] = chaseListRows([item('2026-06-30T23:30:00Z')], new Date('2026-07-03T09:00:00Z'));
    expect(row).toMatchObject({ accountSinceDate: '2026-07-01', waiting: '2 days' });
  });
});
