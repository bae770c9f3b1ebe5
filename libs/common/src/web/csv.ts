import type { Request, Response } from 'express';

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

/** A whole CSV file: UTF-8 with a byte order mark, a header row, CRLF line ends. */
export function csvText(header: string[], rows: CsvCell[][]): string {
  return BYTE_ORDER_MARK + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A list route answers CSV for `?format=csv`, or when the client asks for text/csv before JSON. */
export function wantsCsv(request: Request): boolean {
  return request.query.format === 'csv' || request.accepts(['application/json', 'text/html', 'text/csv']) === 'text/csv';
}

/** Makes the response a CSV download; the handler then sends (or, with passthrough, returns) the text. */
export function csvDownload(response: Response, filename: string): void {
  response.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${filename}"`).setHeader('Cache-Control', 'no-store');
}
