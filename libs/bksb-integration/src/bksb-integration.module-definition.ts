import { ConfigurableModuleBuilder } from '@nestjs/common';
import { LicenceChecker, Mailer, Metrics, PeopleDirectory, SystemLogWriter, Tagging } from '@picsweb/common';
import { BksbClientOptions } from './client/bksb-client.options';

/** What the host gives the plugin: its port adapters and deployment settings. */
export interface BksbIntegrationModuleOptions {
  peopleDirectory: PeopleDirectory;
  tagging: Tagging;
  systemLog: SystemLogWriter;
  mailer: Mailer;
  licenceChecker: LicenceChecker;
  metrics: Metrics;
  /** Replaces the region hosts for every organisation (tests, staging); never user-settable. */
  bksbApiUrl: string | null;
  /** Cron expression of the scheduled sync (Europe/London); null: hourly at a minute chosen at start. */
  syncCron: string | null;
  /** Cron expression of the new-accounts fast lane; null: every 10 minutes; "off": no fast lanes (tests). */
  freshCron?: string | null;
  /** Sync runs older than this many days are pruned daily. */
  retentionDays: number;
  /** How long a sync worker's lease lasts without renewal; default SYNC_LEASE_MS (2 minutes). */
  syncLeaseMs?: number;
  /** How often each instance looks for runs whose lease has ended, to take them over; default TAKEOVER_CHECK_MS (30 s). */
  takeoverCheckMs?: number;
  /** Tuning of calls to bksb; what is left out takes DEFAULT_BKSB_CLIENT_OPTIONS. */
  client?: Partial<Omit<BksbClientOptions, 'apiUrlOverride'>>;
}

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: BKSB_MODULE_OPTIONS } =
  new ConfigurableModuleBuilder<BksbIntegrationModuleOptions>().setClassMethodName('forRoot').build();
