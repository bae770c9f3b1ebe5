import { BksbSyncRun, SyncFailure } from '../entities/bksb-sync-run.entity';
import { MAX_LISTED_FAILURES, RunCheckpoint, SyncProgress } from './bksb-sync-run.store';

/** One person's part in a run. */
export interface PersonOutcome {
  personId: string;
  imported: number;
  tagsApplied: number;
  failure: SyncFailure | null;
  /** Their link changed while their results were being fetched: nothing of the fetch was written. */
  changed?: boolean;
}

/**
 * A run's counts and position. People are checked several at once and finish in any
 * order, but their outcomes are counted in id order, so the position saved with the
 * counts (the last person id done) always agrees with them: a run resumed by another
 * instance counts each person once. Calls to bksb are counted as they are made.
 */
export class SyncTally {
  private readonly progress: SyncProgress;
  private lastPersonId: string | null;
  /** The current page's people to check, in id order; those before `next` are counted. */
  private page: string[] = [];
  private next = 0;
  private readonly waiting = new Map<string, PersonOutcome>();

  constructor(run: BksbSyncRun) {
    this.progress = {
      peopleChecked: run.peopleChecked,
      changedWhileChecking: run.changedWhileChecking,
      resultsImported: run.resultsImported,
      tagsApplied: run.tagsApplied,
      apiCalls: run.apiCalls,
      failureCount: run.failureCount,
      failures: JSON.parse(run.failures) as SyncFailure[],
    };
    this.lastPersonId = run.lastPersonId;
  }

  get position(): string | null {
    return this.lastPersonId;
  }

  /** The people of a page about to be checked, in id order. */
  startPage(personIds: string[]): void {
    this.page = personIds;
    this.next = 0;
  }

  /** The page is done: every candidate up to its last one (checked or not) is behind the run. */
  endPage(lastCandidateId: string): void {
    this.lastPersonId = lastCandidateId;
  }

  countCall(): void {
    this.progress.apiCalls += 1;
  }

  record(outcome: PersonOutcome): void {
    this.waiting.set(outcome.personId, outcome);
    while (this.next < this.page.length && this.waiting.has(this.page[this.next])) {
      const personId = this.page[this.next];
      this.count(this.waiting.get(personId)!);
      this.waiting.delete(personId);
      this.lastPersonId = personId;
      this.next += 1;
    }
  }

  /** Counts and position as they can be resumed from. */
  checkpoint(): RunCheckpoint {
    return { progress: { ...this.progress, failures: [...this.progress.failures] }, lastPersonId: this.lastPersonId };
  }

  /** The run is over: outcomes still waiting for an earlier person count too. */
  final(): SyncProgress {
    for (const outcome of this.waiting.values()) this.count(outcome);
    this.waiting.clear();
    return this.progress;
  }

  private count(outcome: PersonOutcome): void {
    if (outcome.changed) {
      this.progress.changedWhileChecking += 1;
      return;
    }
    this.progress.peopleChecked += 1;
    this.progress.resultsImported += outcome.imported;
    this.progress.tagsApplied += outcome.tagsApplied;
    if (!outcome.failure) return;
    this.progress.failureCount += 1;
    if (this.progress.failures.length < MAX_LISTED_FAILURES) this.progress.failures.push(outcome.failure);
  }
}
