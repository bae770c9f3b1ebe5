import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type CsvCell = string | number | null | undefined;

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
 * such a cell gets a leading quote, which spreadsheets show as plain text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
/** Excel opens a CSV as UTF-8 only when it starts with a byte order mark. */
const BYTE_ORDER_MARK = '\uFEFF';

/** One cell: made safe against formulas, then quoted as RFC 4180 says when it must be. */
export function csvCell(value: CsvCell): string {
  const text = value == null ? '' : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvRow = (row: CsvCell[]) => row.map(csvCell).join(',') + '\r\n';

/**
 * A CSV file (UTF-8 with a byte order mark, a header row, CRLF line ends) made as its
 * items are read, one chunk per page, so it never holds more than a page. The header
 * comes with the first page: a read that fails at once fails before anything is sent.
 */
export async function* csvChunks<T>(header: string[], pages: AsyncIterable<T[]>, cells: (item: T) => CsvCell[]): AsyncGenerator<string> {
  let start = BYTE_ORDER_MARK + csvRow(header);
  for await (const items of pages) {
    yield start + items.map((item) => csvRow(cells(item))).join('');
    start = '';
  }
  if (start) yield start;
}

/** A list route answers CSV for `?format=csv`, or when the client asks for text/csv before JSON. */
export function wantsCsv(request: Request): boolean {
  return request.query.format === 'csv' || request.accepts(['application/json', 'text/html', 'text/csv']) === 'text/csv';
}

/**
 * Sends a CSV download as it is made. Until its first chunk is ready nothing is sent, so
 * an error is answered as any other. After that the status has gone: an error cuts the
 * connection (the download fails rather than ending short, as if complete) and is thrown
 * on to be logged. A client that leaves stops the reading.
 */
export async function sendCsv(response: Response, filename: string, chunks: AsyncIterable<string>): Promise<void> {
  const reading = chunks[Symbol.asyncIterator]();
  const first = await reading.next();
  response.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${filename}"`).setHeader('Cache-Control', 'no-store');
  async function* all(): AsyncGenerator<string> {
    if (first.done) return;
    yield first.value;
    yield* { [Symbol.asyncIterator]: () => reading };
  }
  try {
    await pipeline(Readable.from(all()), response);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
}
