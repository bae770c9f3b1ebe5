import { Module } from '@nestjs/common';
import { LICENCE_CHECKER, MAILER, PEOPLE_DIRECTORY, SYSTEM_LOG, TAGGING } from '@picsweb/common';
import { BKSB_MODULE_OPTIONS, BksbIntegrationModuleOptions, ConfigurableModuleClass } from './bksb-integration.module-definition';
import { BksbSummaryController } from './controllers/bksb-summary.controller';
import { BksbSummaryService } from './services/bksb-summary.service';

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
@Module({
  controllers: [BksbSummaryController],
  providers: [
    port(PEOPLE_DIRECTORY, (o) => o.peopleDirectory),
    port(TAGGING, (o) => o.tagging),
    port(SYSTEM_LOG, (o) => o.systemLog),
    port(MAILER, (o) => o.mailer),
    port(LICENCE_CHECKER, (o) => o.licenceChecker),
    BksbSummaryService,
  ],
})
export class BksbIntegrationModule extends ConfigurableModuleClass {}
