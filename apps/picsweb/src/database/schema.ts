import { BKSB_ENTITIES, BKSB_MIGRATIONS } from '@picsweb/bksb-integration';
import { OrganisationLicence } from '../organisations/organisation-licence.entity';
import { Organisation } from '../organisations/organisation.entity';
import { SystemLogEntry } from '../system-log/system-log-entry.entity';
import { User } from '../users/user.entity';
import { CreateOrganisations1764450000000 } from './migrations/1764450000000-create-organisations';
import { CreateUsersLicencesSystemLog1764460000000 } from './migrations/1764460000000-create-users-licences-system-log';

/** Every entity and migration, listed as classes so the app, jest and the CLI see one list. */
export const ENTITIES = [Organisation, OrganisationLicence, User, SystemLogEntry, ...BKSB_ENTITIES];

export const MIGRATIONS = [CreateOrganisations1764450000000, CreateUsersLicencesSystemLog1764460000000, ...BKSB_MIGRATIONS];
