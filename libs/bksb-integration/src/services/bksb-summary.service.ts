import { Inject, Injectable } from '@nestjs/common';
import { TagRef, TAGGING, Tagging } from '@picsweb/common';
import { ProblemKind, SUBJECT_KEYS, SubjectKey, SubjectTagIds } from '../entities/bksb-settings.entity';
import { BKSB_INFORMATION } from './bksb-information';
import { BksbSettingsService } from './bksb-settings.service';
import { BksbSyncRunStore, runView, SyncRunView } from '../sync/bksb-sync-run.store';
import { BksbSyncCron } from '../sync/bksb-sync.cron';

export type SubjectTags = Record<SubjectKey, TagRef[]>;

export interface BksbSummary {
  licensed: true;
  integrationEnabled: boolean;
  learnerTags: SubjectTags;
  applicantTags: SubjectTags;
  lastRun: SyncRunView | null;
  nextRunAt: Date | null;
  problem: { kind: ProblemKind; message: string; since: Date } | null;
  information: string;
}

/** The Summary screen of an organisation (reached only with the licence). */
@Injectable()
export class BksbSummaryService {
  constructor(
    private readonly settings: BksbSettingsService,
    private readonly runs: BksbSyncRunStore,
    private readonly cron: BksbSyncCron,
    @Inject(TAGGING) private readonly tagging: Tagging,
  ) {}

  async summary(organisationId: string): Promise<BksbSummary> {
    const row = await this.settings.row(organisationId);
    const latest = await this.runs.latest(organisationId);
    return {
      licensed: true,
      integrationEnabled: row.integrationEnabled,
      learnerTags: await this.named(organisationId, row.learnerTags),
      applicantTags: await this.named(organisationId, row.applicantTags),
      lastRun: latest ? runView(latest) : null,
      nextRunAt: row.integrationEnabled ? this.cron.nextRunAt() : null,
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
