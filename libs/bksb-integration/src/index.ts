import type { MigrationInterface } from 'typeorm';

export { BksbIntegrationModule } from './bksb-integration.module';
export type { BksbIntegrationModuleOptions } from './bksb-integration.module-definition';

/** The plugin's entities and migrations, for the host's lists (STYLE.md). */
export const BKSB_ENTITIES: Array<new () => object> = [];

export const BKSB_MIGRATIONS: Array<new () => MigrationInterface> = [];
