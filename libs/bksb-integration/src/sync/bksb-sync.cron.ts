import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock, LICENCE_CHECKER, LicenceChecker } from '@picsweb/common';
import { CronJob } from 'cron';
import { randomInt } from 'node:crypto';
import { BKSB_MODULE_OPTIONS, BksbIntegrationModuleOptions } from '../bksb-integration.module-definition';
import { BksbSettingsService } from '../services/bksb-settings.service';
import { BksbSyncRunStore } from './bksb-sync-run.store';
import { BksbSyncLanes, FastLane } from './bksb-sync-lanes';
import { BksbSyncService } from './bksb-sync.service';

const TIME_ZONE = 'Europe/London';
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const DAY_MS = 24 * 60 * 60 * 1000;

/** The new-accounts lane's schedule when BKSB_FRESH_CRON is not set. */
export const DEFAULT_FRESH_CRON = '*/10 * * * *';
/**
 * The assessment lane: every 2 minutes, half a minute after the whole minute, so that it
 * rarely meets the new-accounts lane's run (which checks the same people) or the sweep.
 */
export const SESSION_CRON = '30 */2 * * * *';
/**
 * How often each instance looks for runs whose lease has ended and for requests still
 * queued with no run going, whatever the schedules: a run left by a stopped instance is
 * taken over within this time after its lease ends, and a queued request whose run
 * should have started at another run's end (that instance stopped) starts within it.
 */
export const TAKEOVER_CHECK_MS = 30 * 1000;
const TAKEOVER_JOB = 'bksb-sync-takeover';

const JOB_NAMES: Record<'schedule' | FastLane, string> = { schedule: 'bksb-sync', fresh: 'bksb-sync-fresh', session: 'bksb-sync-session' };

/**
 * The scheduled syncs. They only fan out: each tick finds the organisations that are
 * licensed and enabled and records each one's sync request in its own try/catch, so one
 * organisation's failure never stops another's. Requests are keyed by their tick, so
 * several instances sharing the database request each organisation's sync once a tick;
 * runs left by a stopped instance are taken over once their lease expires. Besides the
 * hourly sweep of everyone, two fast lanes (BksbSyncLanes): new accounts every 10
 * minutes (BKSB_FRESH_CRON), and an assessment in progress every 2 minutes. An
 * organisation has one run at a time; a request that meets a run waits queued behind it
 * and is never dropped (BksbSyncRunStore.request, startNext). Also prunes old runs daily.
 */
@Injectable()
export class BksbSyncCron implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BksbSync');
  private readonly expression: string;
  /** Null when the fast lanes are off (BKSB_FRESH_CRON=off). */
  private readonly freshExpression: string | null;
  /** Default schedule: hourly at a minute chosen at start; its ticks are keyed by the hour. */
  private readonly hourly: boolean;
  /**
   * Each schedule's next run as last reckoned: the cron library takes milliseconds to
   * reckon one (the Summary asks on every view), and it stands until that time comes.
   */
  private readonly nextRuns = new Map<string, Date>();

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly sync: BksbSyncService,
    private readonly store: BksbSyncRunStore,
    private readonly settings: BksbSettingsService,
    private readonly lanes: BksbSyncLanes,
    private readonly clock: Clock,
    @Inject(LICENCE_CHECKER) private readonly licences: LicenceChecker,
    @Inject(BKSB_MODULE_OPTIONS) private readonly options: BksbIntegrationModuleOptions,
  ) {
    this.hourly = !options.syncCron;
    this.expression = options.syncCron ?? `${randomInt(60)} * * * *`;
    this.freshExpression = lanes.scheduled ? (options.freshCron ?? DEFAULT_FRESH_CRON) : null;
  }

  onApplicationBootstrap(): void {
    this.schedule(JOB_NAMES.schedule, this.expression, () => this.tick());
    if (this.freshExpression) {
      this.schedule(JOB_NAMES.fresh, this.freshExpression, () => this.laneTick('fresh'));
      this.schedule(JOB_NAMES.session, SESSION_CRON, () => this.laneTick('session'));
    }
    this.schedule('bksb-sync-prune', `${randomInt(60)} 3 * * *`, () => this.prune());
    this.scheduler.addInterval(TAKEOVER_JOB, setInterval(() => void this.serveWaiting(), this.options.takeoverCheckMs ?? TAKEOVER_CHECK_MS));
    const lanes = this.freshExpression ? `new accounts "${this.freshExpression}", assessments in progress "${SESSION_CRON}"` : 'no fast lanes';
    this.logger.log(`Scheduled bksb sync: "${this.expression}", ${lanes} (${TIME_ZONE}).`);
  }

  /** A stopping instance takes over and starts nothing: the runs it hands back and the requests still queued are for the others. */
  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', TAKEOVER_JOB)) this.scheduler.deleteInterval(TAKEOVER_JOB);
  }

  /** Whether the fast lanes are scheduled (BKSB_FRESH_CRON is not off). */
  get fastLanesOn(): boolean {
    return this.freshExpression !== null;
  }

  /** When the sweep (the default) or a fast lane next runs. */
  nextRunAt(lane: 'schedule' | FastLane = 'schedule'): Date | null {
    const name = JOB_NAMES[lane];
    const known = this.nextRuns.get(name);
    // The cron library reckons in real time (not the injected clock), so the reckoning stands until then.
    if (known && known.getTime() > Date.now()) return new Date(known);
    try {
      const next = this.scheduler.getCronJob(name).nextDate().toJSDate();
      this.nextRuns.set(name, next);
      return new Date(next);
    } catch {
      return null;
    }
  }

  /** One tick of the sweep: a request to check everyone, for each due organisation. */
  async tick(at = this.clock.now()): Promise<void> {
    await this.serveWaiting();
    const tickKey = `schedule:${this.hourly ? at.toISOString().slice(0, 13) : at.toISOString().slice(0, 16)}`;
    for (const organisationId of await this.enabledOrganisations()) {
      await this.sync.request(organisationId, 'schedule', tickKey).catch((error: unknown) => {
        this.logger.error(`The scheduled sync of ${organisationId} could not be requested: ${messageOf(error)}`);
      });
    }
  }

  /** One tick of a fast lane: a request to check the lane's people, for each organisation that has any. */
  async laneTick(lane: FastLane, at = this.clock.now()): Promise<void> {
    await this.serveWaiting();
    const tickKey = `${lane}:${at.toISOString().slice(0, 16)}`;
    for (const organisationId of await this.enabledOrganisations()) {
      try {
        if ((await this.lanes.members(organisationId, lane)).size === 0) continue;
        await this.sync.request(organisationId, lane, tickKey);
      } catch (error) {
        this.logger.error(`The ${lane} sync of ${organisationId} could not be requested: ${messageOf(error)}`);
      }
    }
  }

  async prune(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - this.options.retentionDays * DAY_MS);
    const removed = await this.store.prune(cutoff).catch((error: unknown) => {
      this.logger.warn(`Pruning bksb sync runs older than ${this.options.retentionDays} days failed: ${messageOf(error)}`);
      return 0;
    });
    if (removed > 0) this.logger.log(`Pruned ${removed} bksb sync runs older than ${this.options.retentionDays} days.`);
  }

  /**
   * Runs left by a stopped instance (lease ended) are taken over and finished here, and
   * organisations with requests queued and no run going get their next run.
   */
  private async serveWaiting(): Promise<void> {
    const look = <T,>(what: string, find: () => Promise<T[]>) =>
      find().catch((error: unknown) => {
        this.logger.warn(`The scheduled sync could not look for ${what}: ${messageOf(error)}`);
        return [] as T[];
      });
    for (const run of await look('runs left by stopped instances', () => this.store.abandoned())) {
      await this.sync.takeOver(run).catch((error: unknown) => {
        this.logger.warn(`Sync run ${run.id} of ${run.organisationId}, left by a stopped instance, could not be taken over: ${messageOf(error)}`);
      });
    }
    for (const organisationId of await look('queued sync requests', () => this.store.organisationsWithQueued())) {
      await this.sync.startNext(organisationId).catch((error: unknown) => {
        this.logger.warn(`The queued sync of ${organisationId} could not start: ${messageOf(error)}`);
      });
    }
  }

  /** Licensed organisations with the integration on; none (and said) when they cannot be listed. */
  private async enabledOrganisations(): Promise<string[]> {
    let organisations: string[] = [];
    try {
      organisations = await this.licences.licensedOrganisationIds('bksb');
    } catch (error) {
      this.logger.error(`The scheduled sync could not list licensed organisations: ${String(error)}`);
    }
    const enabled: string[] = [];
    for (const organisationId of organisations) {
      try {
        if ((await this.settings.row(organisationId)).integrationEnabled) enabled.push(organisationId);
      } catch (error) {
        this.logger.error(`The scheduled sync could not read the settings of ${organisationId}: ${messageOf(error)}`);
      }
    }
    return enabled;
  }

  private schedule(name: string, cronTime: string, onTick: () => Promise<void>): void {
    const job = CronJob.from({ cronTime, onTick: () => void onTick(), timeZone: TIME_ZONE });
    this.scheduler.addCronJob(name, job);
    job.start();
  }
}
