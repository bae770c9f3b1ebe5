import { formatUkDate, formatUkDateTime } from './uk-time';

describe('UK times on pages', () => {
  it('shows winter instants in GMT and summer instants in BST', () => {
    expect(formatUkDateTime(new Date('2026-11-29T14:05:00Z'))).toBe('29 Nov 2026, 14:05');
    expect(formatUkDateTime(new Date('2026-07-01T13:05:00Z'))).toBe('1 Jul 2026, 14:05');
  });

  it('puts the hour after midnight UK time on the next day in summer', () => {
    expect(formatUkDateTime(new Date('2026-06-30T23:30:00Z'))).toBe('1 Jul 2026, 00:30');
  });

  it('shows calendar dates without shifting them', () => {
    expect(formatUkDate('2026-03-29')).toBe('29 Mar 2026');
  });
});
