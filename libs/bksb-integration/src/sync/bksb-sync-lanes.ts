import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock } from '@picsweb/common';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { BKSB_MODULE_OPTIONS, BksbIntegrationModuleOptions } from '../bksb-integration.module-definition';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { SyncScope } from '../entities/bksb-sync-request.entity';
import { SyncTrigger } from '../entities/bksb-sync-run.entity';

/** How long after an account is created or linked its person is on the fast lane, while an initial English or Maths result is missing. */
export const FRESH_LANE_DAYS = 14;
/** How long after an unfinished assessment began its person is checked every 2 minutes. */
export const SESSION_LANE_HOURS = 3;

/** The fast lanes: new accounts (every 10 minutes), and an assessment in progress (every 2 minutes). */
export type FastLane = Extract<SyncTrigger, 'fresh' | 'session'>;
export const FAST_LANES: readonly FastLane[] = ['fresh', 'session'];
export const isFastLane = (trigger: SyncTrigger): trigger is FastLane => (FAST_LANES as readonly string[]).includes(trigger);
/** The lane whose people a run of this scope checks; null for everyone. */
export const laneOfScope = (scope: SyncScope): FastLane | null => ({ everyone: null, 'new-accounts': 'fresh' as const, sessions: 'session' as const })[scope];

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * A new-accounts run started in the first 10 minutes of a half hour (with the default
 * schedule every third run, at :00 and :30) reads bksb's assessment sessions of each
 * person's subjects without a result instead of their results, and their results only
 * when a session shows finished: so an assessment begun is seen within half an hour,
 * and sent to the 2-minute lane, at little more than the cost of reading results.
 */
export const readsSessions = (runStartedAt: Date): boolean => runStartedAt.getUTCMinutes() % 30 < 10;

/** No initial result of the subject yet (subjects are constants, never input). */
const lacking = (personId: string, subject: 'English' | 'Maths') =>
  `NOT EXISTS (SELECT 1 FROM bksb_assessment_results result WHERE result.person_id = ${personId} AND result.kind = 'initial' AND result.subject = '${subject}')`;

/** bksb says an initial assessment of a subject still missing began within the window, and has not finished. */
const assessing = (sessionSince: string) => `EXISTS (SELECT 1 FROM bksb_session_checks session_check
  WHERE session_check.person_id = link.person_id AND session_check.bksb_user_id = link.bksb_user_id
  AND session_check.state = 'started' AND session_check.started_at >= '${sessionSince}'
  AND NOT EXISTS (SELECT 1 FROM bksb_assessment_results result WHERE result.person_id = session_check.person_id AND result.kind = 'initial' AND result.subject = session_check.subject))`;

/**
 * Who the fast lanes check. The new-accounts lane: people whose account was created or
 * linked within the last 14 days and who have no initial English or Maths result yet.
 * The assessment lane: those of them whom bksb's sessions (read by the new-accounts lane
 * twice an hour) show with an assessment begun within the last 3 hours and not finished.
 * Everyone else is on the hourly sweep, which reads the fast lanes' people's results too,
 * but leaves their sessions to their lane.
 */
@Injectable()
export class BksbSyncLanes {
  /** Whether the fast lanes run at all (BKSB_FRESH_CRON is not off). */
  readonly scheduled: boolean;

  constructor(
    @InjectRepository(BksbAccountLink) private readonly links: Repository<BksbAccountLink>,
    private readonly clock: Clock,
    @Inject(BKSB_MODULE_OPTIONS) options: BksbIntegrationModuleOptions,
  ) {
    this.scheduled = options.freshCron !== 'off';
  }

  /** The person ids on a lane now. */
  async members(organisationId: string, lane: FastLane): Promise<Set<string>> {
    const rows = await this.query(organisationId, lane).select('link.person_id', 'personId').getRawMany<{ personId: string }>();
    return new Set(rows.map((row) => row.personId));
  }

  /** How many people each lane holds now. */
  async sizes(organisationId: string): Promise<Record<FastLane, number>> {
    return { fresh: await this.query(organisationId, 'fresh').getCount(), session: await this.query(organisationId, 'session').getCount() };
  }

  /** The fastest lane a linked person is on now, or null (the hourly sweep). */
  async laneOf(link: BksbAccountLink): Promise<FastLane | null> {
    for (const lane of ['session', 'fresh'] as const) {
      if (await this.query(link.organisationId, lane).andWhere('link.person_id = :personId', { personId: link.personId }).getExists()) return lane;
    }
    return null;
  }

  /**
   * The SQL condition on a link row (alias `link`, of the organisation) that puts its
   * person on the lane now. Its only values are instants this class makes, so it can
   * stand in another query (the host's count of people a run will check).
   */
  condition(lane: FastLane): string {
    const now = this.clock.now().getTime();
    const freshSince = new Date(now - FRESH_LANE_DAYS * DAY_MS).toISOString();
    const fresh = `link.state = 'active' AND link.created_at >= '${freshSince}' AND (${lacking('link.person_id', 'English')} OR ${lacking('link.person_id', 'Maths')})`;
    return lane === 'fresh' ? fresh : `${fresh} AND ${assessing(new Date(now - SESSION_LANE_HOURS * HOUR_MS).toISOString())}`;
  }

  private query(organisationId: string, lane: FastLane): SelectQueryBuilder<BksbAccountLink> {
    return this.links.createQueryBuilder('link').where('link.organisation_id = :organisationId', { organisationId }).andWhere(this.condition(lane));
  }
}
