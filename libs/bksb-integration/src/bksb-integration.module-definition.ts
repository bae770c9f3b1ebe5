import { ConfigurableModuleBuilder } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import {
  Clock,
  IntegrationStatusRegistry,
  LicenceChecker,
  Mailer,
  Metrics,
  Pages,
  PeopleDirectory,
  SecretCipher,
  SecretRotation,
  SystemLogWriter,
  Tagging,
  TransactionRunner,
  WebExtensions,
} from '@picsweb/common';
import { BksbClientOptions } from './client/bksb-client.options';

/** The host's services the plugin runs on, each named here so a host that lacks one fails at start-up saying which. */
export interface BksbHostServices {
  peopleDirectory: PeopleDirectory;
  tagging: Tagging;
  systemLog: SystemLogWriter;
  mailer: Mailer;
  licenceChecker: LicenceChecker;
  metrics: Metrics;
  integrationStatus: IntegrationStatusRegistry;
  transactions: TransactionRunner;
  clock: Clock;
  secretCipher: SecretCipher;
  secretRotation: SecretRotation;
  /** The host's `@nestjs/schedule` registry (ScheduleModule.forRoot()): the sync's and bulk jobs' timers are registered in it. */
  scheduler: SchedulerRegistry;
  /** The host's page renderer (its frame, menu and CSRF-aware forms) and where the plugin adds its menu entries and person panels. */
  pages: Pages;
  webExtensions: WebExtensions;
}

/** What the host gives the plugin: its services (port adapters among them) and deployment settings. */
export interface BksbIntegrationModuleOptions extends BksbHostServices {
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
  /** How long a bulk action's worker lease lasts without renewal (abandoned ones are looked for every half of it); default BULK_LEASE_MS (1 minute). */
  bulkLeaseMs?: number;
  /** Tuning of calls to bksb; what is left out takes DEFAULT_BKSB_CLIENT_OPTIONS. */
  client?: Partial<Omit<BksbClientOptions, 'apiUrlOverride'>>;
}

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: BKSB_MODULE_OPTIONS, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<BksbIntegrationModuleOptions>().setClassMethodName('forRoot').build();
