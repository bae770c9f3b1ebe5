import express, { Request } from 'express';
import { AddressInfo } from 'node:net';
import { CsvCell, csvCell, csvChunks, sendCsv, wantsCsv } from './csv';

async function* pagesOf<T>(pages: T[][], failAfter = Infinity): AsyncGenerator<T[]> {
  for (const [index, page] of pages.entries()) {
    if (index >= failAfter) throw new Error('The database went away.');
    yield page;
  }
  if (failAfter < Infinity) throw new Error('The database went away.');
}

async function chunksOf(chunks: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

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

  it('writes a byte order mark, the header row with the first page, and CRLF after every row', async () => {
    const text = (pages: CsvCell[][][]) => chunksOf(csvChunks(['Name', 'Count'], pagesOf(pages), (row) => row));
    expect(await text([[['Ann', 1]], [['=Bad', 2]]])).toEqual(['\uFEFFName,Count\r\nAnn,1\r\n', "'=Bad,2\r\n"]);
    expect(await text([])).toEqual(['\uFEFFName,Count\r\n']);
  });

  it('is wanted for ?format=csv or an Accept header that prefers text/csv', () => {
    const request = (query: Record<string, string>, accept: string | undefined) =>
      ({ query, accepts: (types: string[]) => (accept === undefined ? types[0] : types.find((type) => accept.includes(type)) ?? false) }) as unknown as Request;
    expect(wantsCsv(request({ format: 'csv' }, undefined))).toBe(true);
    expect(wantsCsv(request({}, 'text/csv'))).toBe(true);
    expect(wantsCsv(request({}, undefined))).toBe(false);
    expect(wantsCsv(request({ format: 'json' }, 'application/json'))).toBe(false);
  });

  describe('sent as it is made', () => {
    /** A server whose one route sends the CSV of these pages, failing after `failAfter` pages; what its handler threw, and what the client got. */
    async function download(pages: CsvCell[][][], failAfter?: number) {
      let thrown: unknown = null;
      const app = express().get('/', (_request, response, next) => {
        sendCsv(response, 'people.csv', csvChunks(['Name'], pagesOf(pages, failAfter), (row) => row)).catch((error: unknown) => {
          thrown = error;
          next(error);
        });
      });
      const server = app.listen(0);
      try {
        const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        // As bytes: text() would drop the byte order mark.
        const body = await answer.arrayBuffer().then(
          (bytes) => ({ text: Buffer.from(bytes).toString('utf8') }),
          (error: unknown) => ({ cut: error }),
        );
        return { status: answer.status, headers: answer.headers, body, thrown };
      } finally {
        server.close();
      }
    }

    it('sends every page with the download headers', async () => {
      const { status, headers, body, thrown } = await download([[['Ann']], [['Bob']]]);
      expect([status, headers.get('content-type'), headers.get('content-disposition')]).toEqual([200, 'text/csv; charset=utf-8', 'attachment; filename="people.csv"']);
      expect(body).toEqual({ text: '\uFEFFName\r\nAnn\r\nBob\r\n' });
      expect(thrown).toBeNull();
    });

    it('answers an error as any other when the first page fails: nothing was sent', async () => {
      const { status, headers, thrown } = await download([[['Ann']]], 0);
      expect(status).toBe(500);
      expect(headers.get('content-disposition')).toBeNull();
      expect(thrown).toEqual(new Error('The database went away.'));
    });

    it('cuts the connection when a later page fails, so the download fails instead of looking complete', async () => {
      const { status, body, thrown } = await download([[['Ann']], [['Bob']]], 1);
      expect(status).toBe(200);
      expect(body).toEqual({ cut: expect.anything() });
      expect(thrown).toEqual(new Error('The database went away.'));
    });
  });
});
