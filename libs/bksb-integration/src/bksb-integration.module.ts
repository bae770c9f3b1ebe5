import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { INTEGRATION_STATUS_READER, LICENCE_CHECKER, MAILER, METRICS, PEOPLE_DIRECTORY, SYSTEM_LOG, TAGGING } from '@picsweb/common';
import { BKSB_MODULE_OPTIONS, BksbIntegrationModuleOptions, ConfigurableModuleClass } from './bksb-integration.module-definition';
import { BksbApiClient } from './client/bksb-api.client';
import { BKSB_CLIENT_OPTIONS, BksbClientOptions, DEFAULT_BKSB_CLIENT_OPTIONS } from './client/bksb-client.options';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BksbPeopleController } from './controllers/bksb-people.controller';
import { BksbChaseListController } from './controllers/bksb-chase-list.controller';
import { BksbLevelsController } from './controllers/bksb-levels.controller';
import { BksbSessionCheck } from './entities/bksb-session-check.entity';
import { BksbAutoLoginLinkService } from './services/bksb-auto-login-link.service';
import { BksbChaseListService } from './services/bksb-chase-list.service';
import { BksbLevelsService } from './services/bksb-levels.service';
import { BksbSessionCheckService } from './services/bksb-session-check.service';
import { BksbChaseListPagesController } from './pages/chase-list/bksb-chase-list-pages.controller';
import { BksbLevelsPagesController } from './pages/levels/bksb-levels-pages.controller';
import { BksbBulkActionsController } from './controllers/bksb-bulk-actions.controller';
import { BksbBulkActionService } from './bulk/bksb-bulk-action.service';
import { BksbBulkJobStore } from './bulk/bksb-bulk-job.store';
import { BksbBulkJob, BksbBulkJobItem } from './entities/bksb-bulk-job.entity';
import { BksbSettingsController } from './controllers/bksb-settings.controller';
import { BksbSyncController } from './controllers/bksb-sync.controller';
import { BksbUnmatchedController } from './controllers/bksb-unmatched.controller';
import { BksbSummaryController } from './controllers/bksb-summary.controller';
import { BksbAccountLink } from './entities/bksb-account-link.entity';
import { BksbAssessmentResult } from './entities/bksb-assessment-result.entity';
import { BksbSyncRun } from './entities/bksb-sync-run.entity';
import { BksbTagDecision } from './entities/bksb-tag-decision.entity';
import { BksbMetrics } from './services/bksb-metrics';
import { BksbSyncRunStore } from './sync/bksb-sync-run.store';
import { BksbSyncCron } from './sync/bksb-sync.cron';
import { BksbSyncLanes } from './sync/bksb-sync-lanes';
import { BksbNextCheckService } from './sync/bksb-next-check.service';
import { BksbSyncService } from './sync/bksb-sync.service';
import { BksbSettings } from './entities/bksb-settings.entity';
import { BksbAccountService } from './services/bksb-account.service';
import { BksbIntegrationStatusService } from './services/bksb-integration-status.service';
import { BksbConnectionService } from './services/bksb-connection.service';
import { BksbPersonPanelService } from './services/bksb-person-panel.service';
import { BksbRefreshService } from './services/bksb-refresh.service';
import { BksbResultImportService } from './services/bksb-result-import.service';
import { BksbUnmatchedService } from './services/bksb-unmatched.service';
import { BksbSettingsService } from './services/bksb-settings.service';
import { BksbSummaryService } from './services/bksb-summary.service';
import { BksbWebExtensions } from './pages/bksb-web-extensions';
import { BksbSummaryPagesController } from './pages/summary/bksb-summary-pages.controller';
import { BksbSyncPagesController } from './pages/sync/bksb-sync-pages.controller';
import { BksbPersonPanelRenderer } from './pages/person/bksb-person-panel.renderer';
import { BksbPersonPagesController } from './pages/person/bksb-person-pages.controller';
import { BksbUnmatchedPagesController } from './pages/unmatched/bksb-unmatched-pages.controller';

/** Re-offers one of the host's port adapters, given in the module options, under its token. */
const port = (token: symbol, pick: (options: BksbIntegrationModuleOptions) => unknown) => ({
  provide: token,
  inject: [BKSB_MODULE_OPTIONS],
  useFactory: pick,
});

/**
 * The bksb Integration plugin. Mounted by the host with `forRootAsync`, given the
 * host's port adapters; it never imports the host. Every route needs the
 * organisation's bksb licence.
 */
function clientOptions(options: BksbIntegrationModuleOptions): BksbClientOptions {
  const given = Object.entries(options.client ?? {}).filter(([, value]) => value !== undefined);
  return { ...DEFAULT_BKSB_CLIENT_OPTIONS, ...Object.fromEntries(given), apiUrlOverride: options.bksbApiUrl };
}

@Module({
  imports: [HttpModule, TypeOrmModule.forFeature([BksbSettings, BksbAccountLink, BksbAssessmentResult, BksbTagDecision, BksbSyncRun, BksbSessionCheck, BksbBulkJob, BksbBulkJobItem])],
  // The people routes match /:personType/:id, so they come last.
  controllers: [
    BksbSummaryController,
    BksbSettingsController,
    BksbSyncController,
    BksbUnmatchedController,
    BksbChaseListController,
    BksbLevelsController,
    BksbBulkActionsController,
    BksbPeopleController,
    BksbSummaryPagesController,
    BksbSyncPagesController,
    BksbUnmatchedPagesController,
    BksbChaseListPagesController,
    BksbLevelsPagesController,
    BksbPersonPagesController,
  ],
  providers: [
    { provide: BKSB_CLIENT_OPTIONS, inject: [BKSB_MODULE_OPTIONS], useFactory: clientOptions },
    BksbApiClient,
    port(PEOPLE_DIRECTORY, (o) => o.peopleDirectory),
    port(TAGGING, (o) => o.tagging),
    port(SYSTEM_LOG, (o) => o.systemLog),
    port(MAILER, (o) => o.mailer),
    port(LICENCE_CHECKER, (o) => o.licenceChecker),
    port(METRICS, (o) => o.metrics),
    BksbSettingsService,
    BksbConnectionService,
    BksbSummaryService,
    BksbAccountService,
    BksbPersonPanelService,
    BksbUnmatchedService,
    BksbResultImportService,
    BksbRefreshService,
    BksbMetrics,
    BksbSyncRunStore,
    BksbSyncService,
    BksbSyncCron,
    BksbSyncLanes,
    BksbNextCheckService,
    BksbSessionCheckService,
    BksbChaseListService,
    BksbLevelsService,
    BksbAutoLoginLinkService,
    BksbBulkJobStore,
    BksbBulkActionService,
    { provide: INTEGRATION_STATUS_READER, useClass: BksbIntegrationStatusService },
    BksbPersonPanelRenderer,
    BksbWebExtensions,
  ],
  exports: [BksbSettingsService],
})
export class BksbIntegrationModule extends ConfigurableModuleClass {}
