import { PERSON_SEGMENTS, PersonType } from '@picsweb/common';
import { SUMMARY_PATH } from '../bksb-web-extensions';

// SUMMARY_PATH is read inside functions only: bksb-web-extensions imports the panel, which imports this file.

export type PersonAction = 'create' | 'link' | 'invite' | 'refresh' | 'unlink';

/** A page route of one person's bksb account; always with an action, so it never meets /sync-runs/:id. */
export const personActionPath = (type: PersonType, id: string, action: PersonAction): string =>
  `${SUMMARY_PATH}/${PERSON_SEGMENTS[type]}/${encodeURIComponent(id)}/${action}`;

/** A confirmation page's path that returns to `back` when done or cancelled. */
export const withBack = (path: string, back: string | undefined): string => (back ? `${path}?${new URLSearchParams({ back })}` : path);

export const unmatchedPath = (page = 1): string => `${SUMMARY_PATH}/unmatched?page=${page}`;
