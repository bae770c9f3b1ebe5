import type { Request } from 'express';
import { csvCell, csvText, wantsCsv } from './csv';

describe('CSV', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['Smith, Jo', '"Smith, Jo"'],
    ['line\nbreak', '"line\nbreak"'],
    ['Zoë O\'Neil', "Zoë O'Neil"],
    ['', ''],
  ])('makes %j the cell %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers as they are and nothing for null', () => {
    expect([csvCell(12), csvCell(null), csvCell(undefined)]).toEqual(['12', '', '']);
  });

  it('writes a byte order mark, the header row, and CRLF after every row', () => {
    expect(csvText(['Name', 'Count'], [['Ann', 1], ['=Bad', 2]])).toBe('\uFEFFName,Count\r\nAnn,1\r\n\'=Bad,2\r\n');
    expect(csvText(['Name'], [])).toBe('\uFEFFName\r\n');
  });

  it('is wanted for ?format=csv or an Accept header that prefers text/csv', () => {
    const request = (query: Record<string, string>, accept: string | undefined) =>
      ({ query, accepts: (types: string[]) => (accept === undefined ? types[0] : types.find((type) => accept.includes(type)) ?? false) }) as unknown as Request;
    expect(wantsCsv(request({ format: 'csv' }, undefined))).toBe(true);
    expect(wantsCsv(request({}, 'text/csv'))).toBe(true);
    expect(wantsCsv(request({}, undefined))).toBe(false);
    expect(wantsCsv(request({ format: 'json' }, 'application/json'))).toBe(false);
  });
});
