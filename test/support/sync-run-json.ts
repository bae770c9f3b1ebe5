/** A sync run as `GET /api/integrations/bksb/sync-runs/:id` answers it (docs/api.md). */
export interface SyncRunJson {
  id: string;
  trigger: string;
  scope: 'everyone' | 'new-accounts' | 'sessions';
  requestIds: string[];
  status: string;
  startedAt: string;
  finishedAt: string | null;
  peopleChecked: number;
  resultsImported: number;
  tagsApplied: number;
  apiCalls: number;
  failureCount: number;
  failures: Array<{ personType: string; personId: string; message: string }>;
  changedWhileChecking: number;
  total: number | null;
  /** Why a failed run stopped. */
  message: string | null;
}
