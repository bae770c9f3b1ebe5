import { BKSB_ENTITIES, BKSB_MIGRATIONS } from '@picsweb/bksb-integration';
import { Organisation } from '../organisations/organisation.entity';
import { CreateOrganisations1764450000000 } from './migrations/1764450000000-create-organisations';

/** Every entity and migration, listed as classes so the app, jest and the CLI see one list. */
export const ENTITIES = [Organisation, ...BKSB_ENTITIES];

export const MIGRATIONS = [CreateOrganisations1764450000000, ...BKSB_MIGRATIONS];
