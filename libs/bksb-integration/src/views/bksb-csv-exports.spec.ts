import { csvFileName, ukCsvDate } from './bksb-csv-exports';

describe('CSV dates', () => {
  it('writes the UK calendar day of an instant, in summer time and in winter', () => {
    expect(ukCsvDate(new Date('2026-06-30T23:30:00Z'))).toBe('01/07/2026');
    expect(ukCsvDate(new Date('2026-12-31T23:30:00Z'))).toBe('31/12/2026');
    expect(ukCsvDate(null)).toBe('');
  });

  it('names a download by its report and the UK date', () => {
    expect(csvFileName('chase-list', new Date('2026-03-28T23:30:00Z'))).toBe('bksb-chase-list-2026-03-28.csv');
    expect(csvFileName('chase-list', new Date('2026-03-29T23:30:00Z'))).toBe('bksb-chase-list-2026-03-30.csv');
  });
});
