import { BKSB_ENTITIES, BKSB_MIGRATIONS } from '@picsweb/bksb-integration'; // bksb-plugin
import { OrganisationLicence } from '../organisations/organisation-licence.entity';
import { Organisation } from '../organisations/organisation.entity';
import { SystemLogEntry } from '../system-log/system-log-entry.entity';
import { User } from '../users/user.entity';
import { MailMessage } from '../mail/mail-message.entity';
import { Person } from '../people/person.entity';
import { PersonTag } from '../tags/person-tag.entity';
import { Tag } from '../tags/tag.entity';
import { WebSession } from '../web/sessions/web-session.entity';
import { CreatePeopleTagsMail1764470000000 } from './migrations/1764470000000-create-people-tags-mail';
import { CreateOrganisations1764450000000 } from './migrations/1764450000000-create-organisations';
import { CreateUsersLicencesSystemLog1764460000000 } from './migrations/1764460000000-create-users-licences-system-log';
import { CreateWebSessions1764510000000 } from './migrations/1764510000000-create-web-sessions';
import { AddMailValuesAtDelivery1764530000000 } from './migrations/1764530000000-add-mail-values-at-delivery';
import { AddMailDeliveryStates1764590000000 } from './migrations/1764590000000-add-mail-delivery-states';
import { CreateLoginThrottle1764595000000 } from './migrations/1764595000000-create-login-throttle';

/** Every entity and migration, listed as classes so the app, jest and the CLI see one list. */
export const ENTITIES = [
  Organisation,
  OrganisationLicence,
  User,
  SystemLogEntry,
  Person,
  Tag,
  PersonTag,
  MailMessage,
  WebSession,
  ...BKSB_ENTITIES, // bksb-plugin
];

export const MIGRATIONS = [
  CreateOrganisations1764450000000,
  CreateUsersLicencesSystemLog1764460000000,
  CreatePeopleTagsMail1764470000000,
  ...BKSB_MIGRATIONS, // bksb-plugin
  CreateWebSessions1764510000000,
  AddMailValuesAtDelivery1764530000000,
  AddMailDeliveryStates1764590000000,
  CreateLoginThrottle1764595000000,
];
