import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock, LICENCE_CHECKER, LicenceChecker } from '@picsweb/common';
import { CronJob } from 'cron';
import { randomInt } from 'node:crypto';
import { BKSB_MODULE_OPTIONS, BksbIntegrationModuleOptions } from '../bksb-integration.module-definition';
import { BksbSettingsService } from '../services/bksb-settings.service';
import { BksbSyncRunStore } from './bksb-sync-run.store';
import { BksbSyncService, SYNC_LEASE_MS } from './bksb-sync.service';

const TIME_ZONE = 'Europe/London';
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The scheduled sync. It only fans out: each tick finds the organisations that are
 * licensed and enabled and starts each one's run in its own try/catch, so one
 * organisation's failure never stops another's. A tick's runs are keyed by the tick,
 * so several instances sharing the database sync each organisation once; runs left by
 * a stopped instance are taken over once their lease expires. Also prunes old runs daily.
 */
@Injectable()
export class BksbSyncCron implements OnApplicationBootstrap {
  private readonly logger = new Logger('BksbSync');
  private readonly expression: string;
  /** Default schedule: hourly at a minute chosen at start; its ticks are keyed by the hour. */
  private readonly hourly: boolean;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly sync: BksbSyncService,
    private readonly store: BksbSyncRunStore,
    private readonly settings: BksbSettingsService,
    private readonly clock: Clock,
    @Inject(LICENCE_CHECKER) private readonly licences: LicenceChecker,
    @Inject(BKSB_MODULE_OPTIONS) private readonly options: BksbIntegrationModuleOptions,
  ) {
    this.hourly = !options.syncCron;
    this.expression = options.syncCron ?? `${randomInt(60)} * * * *`;
  }

  onApplicationBootstrap(): void {
    const sync = CronJob.from({ cronTime: this.expression, onTick: () => void this.tick(), timeZone: TIME_ZONE });
    const prune = CronJob.from({ cronTime: `${randomInt(60)} 3 * * *`, onTick: () => void this.prune(), timeZone: TIME_ZONE });
    this.scheduler.addCronJob('bksb-sync', sync);
    this.scheduler.addCronJob('bksb-sync-prune', prune);
    sync.start();
    prune.start();
    this.logger.log(`Scheduled bksb sync: "${this.expression}" (${TIME_ZONE}).`);
  }

  nextRunAt(): Date | null {
    try {
      return this.scheduler.getCronJob('bksb-sync').nextDate().toJSDate();
    } catch {
      return null;
    }
  }

  /** One scheduled tick: resumes abandoned runs, then starts a run for each due organisation. */
  async tick(at = this.clock.now()): Promise<void> {
    const abandoned = await this.store.abandoned().catch((error: unknown) => {
      this.logger.warn(`The scheduled sync could not look for runs left by stopped instances: ${messageOf(error)}`);
      return [];
    });
    for (const run of abandoned) {
      const taken = await this.store.takeOver(run, this.sync.instanceId, SYNC_LEASE_MS).catch((error: unknown) => {
        this.logger.warn(`Sync run ${run.id} of ${run.organisationId}, left by a stopped instance, could not be taken over: ${messageOf(error)}`);
        return null;
      });
      if (taken) {
        this.logger.warn(`Taking over sync run ${run.id} of ${run.organisationId}, left by a stopped instance.`);
        void this.sync.work(taken);
      }
    }
    const tickKey = `schedule:${this.hourly ? at.toISOString().slice(0, 13) : at.toISOString().slice(0, 16)}`;
    let organisations: string[] = [];
    try {
      organisations = await this.licences.licensedOrganisationIds('bksb');
    } catch (error) {
      this.logger.error(`The scheduled sync could not list licensed organisations: ${String(error)}`);
    }
    for (const organisationId of organisations) {
      try {
        if (!(await this.settings.row(organisationId)).integrationEnabled) continue;
        await this.sync.start(organisationId, 'schedule', tickKey);
      } catch (error) {
        this.logger.error(`The scheduled sync of ${organisationId} did not start: ${messageOf(error)}`);
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
}
