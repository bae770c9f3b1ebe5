import { Inject, Injectable } from '@nestjs/common';
import { Clock, TagRef, TAGGING, Tagging, TransactionRunner } from '@picsweb/common';
import { BKSB_INFORMATION } from '../services/bksb-information';
import { BksbSettingsService } from '../services/bksb-settings.service';
import { BksbSyncRunStore, SWEEP_TRIGGERS, SyncRunView } from '../sync/bksb-sync-run.store';
import { BksbSyncCron } from '../sync/bksb-sync.cron';
import { FAST_LANES } from '../sync/bksb-sync-lanes';
import { BksbNextCheckService, LaneCheck } from '../sync/bksb-next-check.service';
import { ProblemKind, SUBJECT_KEYS, SubjectKey, SubjectTagIds } from '../domain/bksb-domain';

export type SubjectTags = Record<SubjectKey, TagRef[]>;

export interface BksbSummary {
  licensed: true;
  integrationEnabled: boolean;
  learnerTags: SubjectTags;
  applicantTags: SubjectTags;
  /** The newest run of everyone (the hourly sweep or Sync now); the fast lanes' runs are counted apart. */
  lastRun: SyncRunView | null;
  nextRunAt: Date | null;
  /** The fast lanes (new accounts, an assessment in progress): whether they run, their newest run, and the last 24 hours. */
  fastLanes: { on: boolean; lastRun: SyncRunView | null; last24Hours: { runs: number; peopleChecked: number; resultsImported: number } };
  /** Who is checked when, and why: each lane with its people and next run, fastest first; empty while switched off. */
  nextChecks: LaneCheck[];
  problem: { kind: ProblemKind; message: string; since: Date } | null;
  information: string;
}

/** How long a computed Summary is served again (see BksbSummaryService.summary). */
export const SUMMARY_REUSE_MS = 2000;

/** The Summary screen of an organisation (reached only with the licence). */
@Injectable()
export class BksbSummaryService {
  private readonly computed = new Map<string, { until: number; summary: Promise<BksbSummary> }>();

  constructor(
    private readonly settings: BksbSettingsService,
    private readonly runs: BksbSyncRunStore,
    private readonly cron: BksbSyncCron,
    private readonly nextChecks: BksbNextCheckService,
    private readonly clock: Clock,
    @Inject(TAGGING) private readonly tagging: Tagging,
    transactions: TransactionRunner,
  ) {
    transactions.onCommit(() => this.computed.clear());
  }

  /**
   * The Summary takes about ten queries, and every view of the page and every poll of the
   * API asks for it: each organisation's is computed at most once every two seconds, and
   * those asking meanwhile share it. Every transaction this instance commits drops what
   * was computed before it, so its own changes (settings, problems, sync runs, imports)
   * show at once; another instance's, and tags renamed in the host, within two seconds.
   */
  summary(organisationId: string): Promise<BksbSummary> {
    const now = performance.now();
    const known = this.computed.get(organisationId);
    if (known && known.until > now) return known.summary;
    const entry = { until: now + SUMMARY_REUSE_MS, summary: this.compute(organisationId) };
    this.computed.set(organisationId, entry);
    entry.summary.catch(() => {
      if (this.computed.get(organisationId) === entry) this.computed.delete(organisationId);
    });
    return entry.summary;
  }

  private async compute(organisationId: string): Promise<BksbSummary> {
    const row = await this.settings.row(organisationId);
    const latest = await this.runs.latestOf(organisationId, SWEEP_TRIGGERS);
    const latestFast = await this.runs.latestOf(organisationId, [...FAST_LANES]);
    const dayAgo = new Date(this.clock.now().getTime() - 24 * 60 * 60 * 1000);
    return {
      licensed: true,
      integrationEnabled: row.integrationEnabled,
      learnerTags: await this.named(organisationId, row.learnerTags),
      applicantTags: await this.named(organisationId, row.applicantTags),
      lastRun: latest ? (await this.runs.views([latest]))[0] : null,
      nextRunAt: row.integrationEnabled ? this.cron.nextRunAt() : null,
      fastLanes: {
        on: this.cron.fastLanesOn,
        lastRun: latestFast ? (await this.runs.views([latestFast]))[0] : null,
        last24Hours: await this.runs.tallySince(organisationId, [...FAST_LANES], dayAgo),
      },
      nextChecks: row.integrationEnabled ? await this.nextChecks.forOrganisation(organisationId) : [],
      problem: row.problemKind ? { kind: row.problemKind, message: row.problemMessage ?? '', since: row.problemSince! } : null,
      information: BKSB_INFORMATION,
    };
  }

  private async named(organisationId: string, ids: SubjectTagIds): Promise<SubjectTags> {
    const tags = new Map((await this.tagging.findTags(organisationId, SUBJECT_KEYS.flatMap((s) => ids[s]))).map((t) => [t.id, t]));
    const pick = (subject: SubjectKey) => ids[subject].map((id) => tags.get(id)).filter((t): t is TagRef => t !== undefined);
    return { english: pick('english'), maths: pick('maths'), ict: pick('ict') };
  }
}
