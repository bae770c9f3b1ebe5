import { HttpModule } from '@nestjs/axios';
import { DynamicModule, InjectionToken, Module } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import {
  Clock,
  INTEGRATION_STATUS_REGISTRY,
  LICENCE_CHECKER,
  MAILER,
  METRICS,
  Pages,
  PEOPLE_DIRECTORY,
  SecretCipher,
  SecretRotation,
  SYSTEM_LOG,
  TAGGING,
  TransactionRunner,
  WebExtensions,
} from '@picsweb/common';
import { ASYNC_OPTIONS_TYPE, BKSB_MODULE_OPTIONS, BksbHostServices, BksbIntegrationModuleOptions, ConfigurableModuleClass } from './bksb-integration.module-definition';
import { BksbApiClient } from './client/bksb-api.client';
import { BKSB_CLIENT_OPTIONS, BksbClientOptions, DEFAULT_BKSB_CLIENT_OPTIONS } from './client/bksb-client.options';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BksbPeopleController } from './controllers/bksb-people.controller';
import { BksbChaseListController } from './controllers/bksb-chase-list.controller';
import { BksbLevelsController } from './controllers/bksb-levels.controller';
import { BksbSessionCheck } from './entities/bksb-session-check.entity';
import { BksbDiagnosticBreakdown } from './entities/bksb-diagnostic-breakdown.entity';
import { BksbSkillComponent } from './entities/bksb-skill-component.entity';
import { BksbSkillsImportService } from './services/bksb-skills-import.service';
import { BksbSkillsService } from './views/bksb-skills.service';
import { BksbSkillsController } from './controllers/bksb-skills.controller';
import { BksbSkillsPagesController } from './pages/skills/bksb-skills-pages.controller';
import { BksbSkillsPanelRenderer } from './pages/person/bksb-skills-panel.renderer';
import { BksbAutoLoginLinkService } from './services/bksb-auto-login-link.service';
import { BksbLoginDetailsOutcomeService } from './services/bksb-login-details-outcome.service';
import { BksbChaseListService } from './views/bksb-chase-list.service';
import { BksbLevelsService } from './views/bksb-levels.service';
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
import { BksbSyncRequest } from './entities/bksb-sync-request.entity';
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
import { BksbInviteService } from './services/bksb-invite.service';
import { BksbTaggingService } from './services/bksb-tagging.service';
import { BksbIntegrationStatusService } from './views/bksb-integration-status.service';
import { BksbConnectionService } from './services/bksb-connection.service';
import { BksbPersonPanelService } from './views/bksb-person-panel.service';
import { BksbRefreshService } from './views/bksb-refresh.service';
import { BksbResultImportService } from './services/bksb-result-import.service';
import { BksbUnmatchedService } from './views/bksb-unmatched.service';
import { BksbSettingsService } from './services/bksb-settings.service';
import { BksbSummaryService } from './views/bksb-summary.service';
import { BksbWebExtensions } from './pages/bksb-web-extensions';
import { BksbSummaryPagesController } from './pages/summary/bksb-summary-pages.controller';
import { BksbSyncPagesController } from './pages/sync/bksb-sync-pages.controller';
import { BksbPersonPanelRenderer } from './pages/person/bksb-person-panel.renderer';
import { BksbPersonPagesController } from './pages/person/bksb-person-pages.controller';
import { BksbUnmatchedPagesController } from './pages/unmatched/bksb-unmatched-pages.controller';
import { BksbHelpPagesController } from './pages/help/bksb-help-pages.controller';

/** Re-offers one of the host's services, given in the module options, under its token; start-up fails naming it when the host left it out. */
const hostService = (token: InjectionToken, option: keyof BksbHostServices) => ({
  provide: token,
  inject: [BKSB_MODULE_OPTIONS],
  useFactory: (options: BksbIntegrationModuleOptions) => {
    const service = options[option];
    if (service) return service;
    const name = typeof token === 'function' ? token.name : typeof token === 'symbol' ? token.description : token;
    throw new Error(`BksbIntegrationModule needs the host's ${name}: give it as "${option}" in the options of BksbIntegrationModule.forRootAsync.`);
  },
});

/** The client's tuning: the defaults, overridden by what the host's configuration gives. */
function clientOptions(options: BksbIntegrationModuleOptions): BksbClientOptions {
  const given = Object.entries(options.client ?? {}).filter(([, value]) => value !== undefined);
  return { ...DEFAULT_BKSB_CLIENT_OPTIONS, ...Object.fromEntries(given), apiUrlOverride: options.bksbApiUrl };
}

/**
 * The bksb Integration plugin. Mounted by the host with `forRootAsync`, given the host's
 * services (BksbHostServices: its port adapters among them); it never imports the host.
 * Every route needs the organisation's bksb licence.
 */
@Module({
  imports: [HttpModule, TypeOrmModule.forFeature([BksbSettings, BksbAccountLink, BksbAssessmentResult, BksbTagDecision, BksbSyncRun, BksbSyncRequest, BksbSessionCheck, BksbBulkJob, BksbBulkJobItem, BksbDiagnosticBreakdown, BksbSkillComponent])],
  // The people routes match /:personType/:id, so they come last.
  controllers: [
    BksbSummaryController,
    BksbSettingsController,
    BksbSyncController,
    BksbUnmatchedController,
    BksbChaseListController,
    BksbLevelsController,
    BksbBulkActionsController,
    BksbSkillsController,
    BksbPeopleController,
    BksbSummaryPagesController,
    BksbSyncPagesController,
    BksbUnmatchedPagesController,
    BksbChaseListPagesController,
    BksbLevelsPagesController,
    BksbSkillsPagesController,
    BksbHelpPagesController,
    BksbPersonPagesController,
  ],
  providers: [
    { provide: BKSB_CLIENT_OPTIONS, inject: [BKSB_MODULE_OPTIONS], useFactory: clientOptions },
    BksbApiClient,
    hostService(PEOPLE_DIRECTORY, 'peopleDirectory'),
    hostService(TAGGING, 'tagging'),
    hostService(SYSTEM_LOG, 'systemLog'),
    hostService(MAILER, 'mailer'),
    hostService(LICENCE_CHECKER, 'licenceChecker'),
    hostService(METRICS, 'metrics'),
    hostService(INTEGRATION_STATUS_REGISTRY, 'integrationStatus'),
    hostService(TransactionRunner, 'transactions'),
    hostService(Clock, 'clock'),
    hostService(SecretCipher, 'secretCipher'),
    hostService(SecretRotation, 'secretRotation'),
    hostService(SchedulerRegistry, 'scheduler'),
    hostService(Pages, 'pages'),
    hostService(WebExtensions, 'webExtensions'),
    BksbSettingsService,
    BksbConnectionService,
    BksbSummaryService,
    BksbAccountService,
    BksbInviteService,
    BksbTaggingService,
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
    BksbSkillsImportService,
    BksbSkillsService,
    BksbChaseListService,
    BksbLevelsService,
    BksbAutoLoginLinkService,
    BksbLoginDetailsOutcomeService,
    BksbBulkJobStore,
    BksbBulkActionService,
    BksbIntegrationStatusService,
    BksbPersonPanelRenderer,
    BksbSkillsPanelRenderer,
    BksbWebExtensions,
  ],
  exports: [BksbSettingsService],
})
export class BksbIntegrationModule extends ConfigurableModuleClass {
  /**
   * The options' factory runs in a module of its own, so the host services it injects
   * (TransactionRunner, Clock, ...) are the host's, not the ones this module re-offers
   * from those very options.
   */
  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    const built = super.forRootAsync(options);
    const hostOptions: DynamicModule = { module: BksbHostOptionsModule, imports: built.imports, providers: built.providers, exports: [BKSB_MODULE_OPTIONS] };
    return { module: BksbIntegrationModule, imports: [hostOptions] };
  }
}

/** Holds the options the host's factory builds (see BksbIntegrationModule.forRootAsync). */
@Module({})
class BksbHostOptionsModule {}
