import { ConfigurableModuleBuilder } from '@nestjs/common';
import { LicenceChecker, Mailer, PeopleDirectory, SystemLogWriter, Tagging } from '@picsweb/common';

/** What the host gives the plugin: its port adapters and deployment settings. */
export interface BksbIntegrationModuleOptions {
  peopleDirectory: PeopleDirectory;
  tagging: Tagging;
  systemLog: SystemLogWriter;
  mailer: Mailer;
  licenceChecker: LicenceChecker;
  /** Replaces the region hosts for every organisation (tests, staging); never user-settable. */
  bksbApiUrl: string | null;
}

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: BKSB_MODULE_OPTIONS } =
  new ConfigurableModuleBuilder<BksbIntegrationModuleOptions>().setClassMethodName('forRoot').build();
