import { SUMMARY_PATH } from './bksb-web-extensions';

// SUMMARY_PATH is read inside functions only: bksb-web-extensions imports the pages' files.

type Query = Record<string, string | number | undefined | null>;

/** A query string of the values that are set, in the order given. */
function search(query: Query): string {
  const text = new URLSearchParams(Object.entries(query).flatMap(([name, value]) => (value === undefined || value === null || value === '' ? [] : [[name, String(value)]]))).toString();
  return text ? `?${text}` : '';
}

export const chaseListPath = (query: Query = {}): string => `${SUMMARY_PATH}/chase-list${search(query)}`;

export const levelsPath = (query: Query = {}, fragment?: string): string => `${SUMMARY_PATH}/levels${search(query)}${fragment ? `#${fragment}` : ''}`;
