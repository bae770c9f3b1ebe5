import { SUMMARY_PATH } from '../bksb-web-extensions';

// SUMMARY_PATH is read inside functions only: bksb-web-extensions imports the panel, which imports the pages.

/** Where the unmatched report's bulk form posts. */
export const bulkActionsPath = (): string => `${SUMMARY_PATH}/bulk-actions`;

export const bulkJobPath = (id: string): string => `${SUMMARY_PATH}/bulk-actions/${encodeURIComponent(id)}`;
