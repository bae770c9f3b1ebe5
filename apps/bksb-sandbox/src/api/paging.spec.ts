import { pageOf, readPaging, readUserId } from './paging';

const paging = (query: string) => readPaging(new URLSearchParams(query));

describe('paging', () => {
  it('reads page and recordsPerPage, defaulting to 1 and 20', () => {
    expect(paging('page=3&recordsPerPage=7')).toEqual({ paging: { page: 3, recordsPerPage: 7 } });
    expect(paging('')).toEqual({ paging: { page: 1, recordsPerPage: 20 } });
  });

  it.each(['page=0', 'page=-1', 'page=abc', 'page=1.5', 'recordsPerPage=0', 'recordsPerPage=101', 'recordsPerPage='])(
    'refuses %s with a 400 plain-text answer',
    (query) => {
      const outcome = paging(query);
      expect(outcome).toEqual({ refusal: expect.objectContaining({ status: 400, contentType: expect.stringContaining('text/plain') }) });
    },
  );

  it('slices a page and reports the totals', () => {
    const items = Array.from({ length: 45 }, (_, index) => index);
    expect(pageOf(items, { page: 3, recordsPerPage: 20 })).toEqual({
      items: [40, 41, 42, 43, 44],
      pagination: { CurrentPage: 3, TotalRecords: 45, RecordsPerPage: 20 },
    });
    expect(pageOf(items, { page: 9, recordsPerPage: 20 }).items).toEqual([]);
  });

  it('reads user ids of digits only', () => {
    expect(readUserId('48213')).toBe(48213);
    expect(readUserId('0')).toBeUndefined();
    expect(readUserId('12a')).toBeUndefined();
    expect(readUserId(null)).toBeUndefined();
  });
});
