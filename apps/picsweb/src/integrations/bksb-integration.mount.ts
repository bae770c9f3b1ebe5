import { SchedulerRegistry } from '@nestjs/schedule';
import { BksbIntegrationModule } from '@picsweb/bksb-integration';
import { Clock, Pages, SecretCipher, SecretRotation, TransactionRunner, WebExtensions } from '@picsweb/common';
import { AppConfig } from '../config/app-config';
import { MailModule } from '../mail/mail.module';
import { MailService } from '../mail/mail.service';
import { MetricsService } from '../metrics/metrics.service';
import { OrganisationsModule } from '../organisations/organisations.module';
import { OrganisationsService } from '../organisations/organisations.service';
import { PeopleModule } from '../people/people.module';
import { PeopleService } from '../people/people.service';
import { SystemLogModule } from '../system-log/system-log.module';
import { SystemLogService } from '../system-log/system-log.service';
import { TagsModule } from '../tags/tags.module';
import { TagsService } from '../tags/tags.service';

/** The one place the host mounts the bksb plugin, handing it the host's port adapters. */
export const bksbIntegration = BksbIntegrationModule.forRootAsync({
  imports: [PeopleModule, TagsModule, SystemLogModule, MailModule, OrganisationsModule],
  inject: [PeopleService, TagsService, SystemLogService, MailService, OrganisationsService, MetricsService, TransactionRunner, Clock, SecretCipher, SecretRotation, SchedulerRegistry, Pages, WebExtensions, AppConfig],
  useFactory: (
    peopleDirectory: PeopleService,
    tagging: TagsService,
    systemLog: SystemLogService,
    mailer: MailService,
    organisations: OrganisationsService,
    metrics: MetricsService,
    transactions: TransactionRunner,
    clock: Clock,
    secretCipher: SecretCipher,
    secretRotation: SecretRotation,
    scheduler: SchedulerRegistry,
    pages: Pages,
    webExtensions: WebExtensions,
    config: AppConfig,
  ) => ({
    peopleDirectory,
    tagging,
    systemLog,
    mailer,
    licenceChecker: organisations,
    integrationStatus: organisations,
    metrics,
    transactions,
    clock,
    secretCipher,
    secretRotation,
    scheduler,
    pages,
    webExtensions,
    bksbApiUrl: config.bksbApiUrl,
    syncCron: config.bksbSyncCron,
    freshCron: config.bksbFreshCron,
    retentionDays: config.retentionDays,
    syncLeaseMs: config.bksbSync.leaseMs,
    takeoverCheckMs: config.bksbSync.takeoverCheckMs,
    bulkLeaseMs: config.bksbBulkLeaseMs,
    client: config.bksbClient,
  }),
});
