import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { PersonType, TagRef, TAGGING, Tagging } from '@picsweb/common';
import { Repository } from 'typeorm';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbAssessmentResult } from '../entities/bksb-assessment-result.entity';
import { BksbTagDecision } from '../entities/bksb-tag-decision.entity';
import { latestAndBestBySubject, LevelledResult } from '../rules/initial-levels';
import { BksbSyncRunStore, SWEEP_TRIGGERS } from '../sync/bksb-sync-run.store';
import { BksbNextCheckService, NextCheck } from '../sync/bksb-next-check.service';
import { SyncTrigger } from '../entities/bksb-sync-run.entity';
import { BksbSettingsService } from '../services/bksb-settings.service';
import { BksbAccountService } from '../services/bksb-account.service';
import { ResultKind, SUBJECT_KEY_OF, SUBJECT_KEYS, SubjectKey } from '../domain/bksb-domain';
import { LoginDetailsView, loginDetailsView } from './login-details-view';

export interface AccountView {
  username: string;
  bksbUserId: number;
  createdByPics: boolean;
  createdAt: Date;
  /** When the mail server accepted the latest login details email (loginDetails.sentAt). */
  loginDetailsSentAt: Date | null;
  loginDetails: LoginDetailsView;
  state: 'active' | 'missing-in-bksb';
}

export interface ResultView {
  kind: ResultKind;
  subject: BksbAssessmentResult['subject'];
  level: BksbAssessmentResult['level'];
  score: number | null;
  resultText: string;
  assessmentName: string;
  courseName: string;
  resultDate: Date;
  bksbSessionId: number;
}

export type LatestResults = Record<ResultKind, Record<SubjectKey, ResultView | null>>;
/** Per subject, the initial result of the highest level (the newer of two at that level). */
export type BestResults = Record<SubjectKey, ResultView | null>;

export interface PersonPanel {
  account: AccountView | null;
  latest: LatestResults;
  best: BestResults;
  history: ResultView[];
  lastSyncedAt: Date | null;
  /** When the sync next checks this person, and why; null when it does not (no account, not eligible, missing in bksb, switched off). */
  nextCheck: NextCheck | null;
  eligibleForSync: boolean;
  notEligibleBecause: string | null;
}

/** The tags the integration applied to a person for a subject's first initial result, and when. */
export interface TagsApplied {
  subject: SubjectKey;
  /** The tags chosen in Settings at the time (none when none were chosen); a tag deleted since is left out. */
  tags: TagRef[];
  at: Date;
}

const HISTORY_SIZE = 100;

/** The fast lanes' runs that check a person, besides the sweep, by why they are checked. */
const LANE_TRIGGERS: Record<NextCheck['reason'], SyncTrigger[]> = { hourly: [], 'new-account': ['fresh'], 'assessment-in-progress': ['fresh', 'session'] };

export function accountView(link: BksbAccountLink | null): AccountView | null {
  if (!link || link.state === 'claimed' || link.bksbUserId === null) return null;
  return {
    username: link.username,
    bksbUserId: link.bksbUserId,
    createdByPics: link.createdByPics,
    createdAt: link.createdAt,
    loginDetailsSentAt: link.loginDetailsSentAt,
    loginDetails: loginDetailsView(link),
    state: link.state,
  };
}

export const resultView = (r: BksbAssessmentResult): ResultView => ({
  kind: r.kind,
  subject: r.subject,
  level: r.level,
  score: r.score,
  resultText: r.resultText,
  assessmentName: r.assessmentName,
  courseName: r.courseName,
  resultDate: r.resultDate,
  bksbSessionId: r.bksbSessionId,
});

/** A person's bksb panel: account, latest result per kind and subject, best initial result per subject, history, eligibility. */
@Injectable()
export class BksbPersonPanelService {
  constructor(
    private readonly accounts: BksbAccountService,
    private readonly runs: BksbSyncRunStore,
    private readonly nextChecks: BksbNextCheckService,
    private readonly settings: BksbSettingsService,
    @InjectRepository(BksbAssessmentResult) private readonly results: Repository<BksbAssessmentResult>,
    @InjectRepository(BksbTagDecision) private readonly decisions: Repository<BksbTagDecision>,
    @Inject(TAGGING) private readonly tagging: Tagging,
  ) {}

  /** Which tags the integration applied to the person, per subject, and when (once each: a tag removed by hand stays removed). */
  async tagsApplied(organisationId: string, personId: string): Promise<TagsApplied[]> {
    const decisions = await this.decisions.find({ where: { organisationId, personId }, order: { decidedAt: 'ASC' } });
    const ids = [...new Set(decisions.flatMap((decision) => JSON.parse(decision.tagIds) as string[]))];
    const byId = new Map((ids.length ? await this.tagging.findTags(organisationId, ids) : []).map((tag) => [tag.id, tag]));
    return decisions.map((decision) => ({
      subject: SUBJECT_KEY_OF[decision.subject],
      tags: (JSON.parse(decision.tagIds) as string[]).flatMap((id) => byId.get(id) ?? []),
      at: decision.decidedAt,
    }));
  }

  async panel(organisationId: string, type: PersonType, personId: string): Promise<PersonPanel> {
    const person = await this.accounts.person(organisationId, type, personId);
    const link = await this.accounts.link(organisationId, personId);
    const checked = link?.state === 'active' && person.eligibleForSync && (await this.settings.row(organisationId)).integrationEnabled;
    const nextCheck = checked ? await this.nextChecks.forPerson(link) : null;
    return {
      account: accountView(link),
      ...(await this.resultsOf(organisationId, personId)),
      lastSyncedAt: link ? await this.lastSyncedAt(link, person.eligibleForSync, nextCheck) : null,
      nextCheck,
      eligibleForSync: person.eligibleForSync,
      notEligibleBecause: person.notEligibleBecause,
    };
  }

  /**
   * The later of the person's own last import and the newest run that checked them: runs
   * check eligible people only, and a fast lane's runs only the people on it.
   */
  private async lastSyncedAt(link: BksbAccountLink, eligible: boolean, next: NextCheck | null): Promise<Date | null> {
    const triggers: SyncTrigger[] = [...SWEEP_TRIGGERS, ...LANE_TRIGGERS[next?.reason ?? 'hourly']];
    const byRun = eligible ? await this.runs.lastCheckOf(link, triggers) : null;
    if (!byRun || !link.lastSyncedAt) return byRun ?? link.lastSyncedAt;
    return byRun > link.lastSyncedAt ? byRun : link.lastSyncedAt;
  }

  async latest(organisationId: string, personId: string): Promise<LatestResults> {
    return (await this.resultsOf(organisationId, personId)).latest;
  }

  private async resultsOf(organisationId: string, personId: string): Promise<{ latest: LatestResults; best: BestResults; history: ResultView[] }> {
    const latest: LatestResults = {
      initial: { english: null, maths: null, ict: null },
      diagnostic: { english: null, maths: null, ict: null },
    };
    const newestFirst = this.results
      .createQueryBuilder('result')
      .where('result.organisation_id = :organisationId AND result.person_id = :personId', { organisationId, personId })
      .orderBy('result.result_date', 'DESC')
      .addOrderBy('result.bksb_session_id', 'DESC');
    const mapped = await newestFirst.clone().andWhere('result.subject IS NOT NULL').getMany();
    for (const row of mapped) {
      const key = SUBJECT_KEY_OF[row.subject!];
      latest[row.kind][key] ??= resultView(row);
    }
    const levelled = mapped.filter((row): row is BksbAssessmentResult & LevelledResult => row.kind === 'initial' && row.level !== null);
    const bySubject = latestAndBestBySubject(levelled);
    const best = Object.fromEntries(SUBJECT_KEYS.map((key) => [key, bySubject[key].best && resultView(bySubject[key].best)])) as BestResults;
    const history = (await newestFirst.take(HISTORY_SIZE).getMany()).map(resultView);
    return { latest, best, history };
  }
}
