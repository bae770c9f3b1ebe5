import { Injectable } from '@nestjs/common';
import { CheckReason } from '../domain/bksb-domain';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BksbSyncLanes, FastLane } from './bksb-sync-lanes';
import { BksbSyncCron } from './bksb-sync.cron';

/** Why a person is checked when they are: the lane they are on. */

export interface NextCheck {
  reason: CheckReason;
  /** Null when the schedule cannot say (it is not registered yet). */
  at: Date | null;
}

export interface LaneCheck extends NextCheck {
  /** How many people are on the lane now; null for the sweep (everyone else). */
  people: number | null;
}

const REASON_OF: Record<FastLane, CheckReason> = { session: 'assessment-in-progress', fresh: 'new-account' };

/** When a person (or each lane of an organisation) is next checked, and why. */
@Injectable()
export class BksbNextCheckService {
  constructor(
    private readonly lanes: BksbSyncLanes,
    private readonly cron: BksbSyncCron,
  ) {}

  /** A linked, eligible person's next check; the caller says when there is none (no account, not eligible, switched off). */
  async forPerson(link: BksbAccountLink): Promise<NextCheck> {
    const lane = this.cron.fastLanesOn ? await this.lanes.laneOf(link) : null;
    return lane ? { reason: REASON_OF[lane], at: this.cron.nextRunAt(lane) } : { reason: 'hourly', at: this.cron.nextRunAt() };
  }

  /** The organisation's lanes, fastest first: how many people each has and when it next runs (the sweep last). */
  async forOrganisation(organisationId: string): Promise<LaneCheck[]> {
    const hourly: LaneCheck = { reason: 'hourly', at: this.cron.nextRunAt(), people: null };
    if (!this.cron.fastLanesOn) return [hourly];
    const sizes = await this.lanes.sizes(organisationId);
    return [
      { reason: 'assessment-in-progress', at: this.cron.nextRunAt('session'), people: sizes.session },
      { reason: 'new-account', at: this.cron.nextRunAt('fresh'), people: sizes.fresh },
      hourly,
    ];
  }
}
