import { SandboxReply, textReply } from './sandbox-reply';

export const DEFAULT_RECORDS_PER_PAGE = 20;
export const MAX_RECORDS_PER_PAGE = 100;

export interface Paging {
  page: number;
  recordsPerPage: number;
}

/** bksb's paging block, beside the items of every paged answer. */
export interface Pagination {
  CurrentPage: number;
  TotalRecords: number;
  RecordsPerPage: number;
}

function wholeNumber(value: string): number | undefined {
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

/** `page` from 1 and `recordsPerPage` from 1 to 100; left out they are 1 and 20. */
export function readPaging(query: URLSearchParams): { paging: Paging } | { refusal: SandboxReply } {
  const pageText = query.get('page');
  const sizeText = query.get('recordsPerPage');
  const page = pageText === null ? 1 : wholeNumber(pageText.trim());
  const recordsPerPage = sizeText === null ? DEFAULT_RECORDS_PER_PAGE : wholeNumber(sizeText.trim());
  if (page === undefined || page < 1) {
    return { refusal: textReply(400, `The value '${pageText}' is not valid for page: give a whole number of 1 or more.`) };
  }
  if (recordsPerPage === undefined || recordsPerPage < 1 || recordsPerPage > MAX_RECORDS_PER_PAGE) {
    return {
      refusal: textReply(
        400,
        `The value '${sizeText}' is not valid for recordsPerPage: give a whole number from 1 to ${MAX_RECORDS_PER_PAGE}.`,
      ),
    };
  }
  return { paging: { page, recordsPerPage } };
}

export function pageOf<T>(items: readonly T[], paging: Paging): { items: T[]; pagination: Pagination } {
  const start = (paging.page - 1) * paging.recordsPerPage;
  return {
    items: items.slice(start, start + paging.recordsPerPage),
    pagination: { CurrentPage: paging.page, TotalRecords: items.length, RecordsPerPage: paging.recordsPerPage },
  };
}

/** A userId from the path or query: digits only. */
export function readUserId(text: string | null): number | undefined {
  if (text === null) return undefined;
  const value = wholeNumber(text.trim());
  return value === undefined || value < 1 ? undefined : value;
}
