import { PERSON_SEGMENTS, PersonType } from '@picsweb/common';

/**
 * Every path of the bksb pages, in one leaf file that imports no page: pages, panels and
 * redirects build their links here.
 */
export const SUMMARY_PATH = '/integrations/bksb';

/** The Help page: the bksb part of the user guide. */
export const HELP_PATH = `${SUMMARY_PATH}/help`;

type Query = Record<string, string | number | undefined | null>;

/** A query string of the values that are set, in the order given. */
function search(query: Query): string {
  const text = new URLSearchParams(Object.entries(query).flatMap(([name, value]) => (value === undefined || value === null || value === '' ? [] : [[name, String(value)]]))).toString();
  return text ? `?${text}` : '';
}

export const chaseListPath = (query: Query = {}): string => `${SUMMARY_PATH}/chase-list${search(query)}`;

/** Where the chase list's Send login details (to the people ticked) posts. */
export const chaseListInvitePath = (): string => `${SUMMARY_PATH}/chase-list/invite`;

export const levelsPath = (query: Query = {}, fragment?: string): string => `${SUMMARY_PATH}/levels${search(query)}${fragment ? `#${fragment}` : ''}`;

export const skillsPath = (query: Query = {}, fragment?: string): string => `${SUMMARY_PATH}/skills${search(query)}${fragment ? `#${fragment}` : ''}`;

/** Where the unmatched report's bulk form posts. */
export const bulkActionsPath = (): string => `${SUMMARY_PATH}/bulk-actions`;

export const bulkJobPath = (id: string): string => `${SUMMARY_PATH}/bulk-actions/${encodeURIComponent(id)}`;

export type PersonAction = 'create' | 'link' | 'invite' | 'refresh' | 'unlink';

/** A page route of one person's bksb account; always with an action, so it never meets /sync-runs/:id. */
export const personActionPath = (type: PersonType, id: string, action: PersonAction): string =>
  `${SUMMARY_PATH}/${PERSON_SEGMENTS[type]}/${encodeURIComponent(id)}/${action}`;

/** A confirmation page's path that returns to `back` when done or cancelled. */
export const withBack = (path: string, back: string | undefined): string => (back ? `${path}?${new URLSearchParams({ back })}` : path);

/** The report of people without an account; its first page has no query, so the menu knows it. */
export const unmatchedPath = (page = 1): string => `${SUMMARY_PATH}/unmatched${page > 1 ? `?page=${page}` : ''}`;

export const syncRunsPath = (): string => `${SUMMARY_PATH}/sync-runs`;

export const syncRunPath = (id: string): string => `${SUMMARY_PATH}/sync-runs/${encodeURIComponent(id)}`;
