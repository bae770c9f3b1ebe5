import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Organisation } from '../../../apps/picsweb/src/organisations/organisation.entity';
import { OrganisationsService } from '../../../apps/picsweb/src/organisations/organisations.service';
import { Person } from '../../../apps/picsweb/src/people/person.entity';
import { BksbAccountLink } from '../../../libs/bksb-integration/src/entities/bksb-account-link.entity';
import { BksbSettingsService } from '../../../libs/bksb-integration/src/services/bksb-settings.service';

const BATCH = 500;

export interface SeededOrganisation {
  organisation: Organisation;
  people: Person[];
}

/** A licensed organisation with the integration on (with these bksb keys) and `count` live learners in it. */
export async function seedOrganisation(
  app: INestApplication,
  key: { accessKey: string; secretKey: string },
  count: number,
  email: (i: number) => string | null,
): Promise<SeededOrganisation> {
  const now = new Date();
  const organisation = await app.get(OrganisationsService).create(`Bench ${randomUUID().slice(0, 6)}`);
  await app.get(OrganisationsService).setLicence(organisation.id, 'bksb', true, 'bench');
  await app.get(BksbSettingsService, { strict: false }).update(
    organisation.id,
    { integrationEnabled: true, apiAccessKey: key.accessKey, apiSecretKey: key.secretKey, defaultPassword: 'Bench-password-1' },
    'bench',
  );
  const people: Person[] = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(), organisationId: organisation.id, type: 'learner', firstName: 'Bench', lastName: `Learner ${i}`, email: email(i), dateOfBirth: null,
    systemStatus: 'Live', learningStatus: 'InLearning', startDate: null, endDate: null, applicationStatus: null, closedOn: null, createdAt: now, updatedAt: now,
  }));
  const repository = app.get(DataSource).getRepository(Person);
  for (let i = 0; i < people.length; i += BATCH) await repository.insert(people.slice(i, i + BATCH));
  return { organisation, people };
}

/** Each person linked (an active account, not made by PICSWeb) to the bksb user of the same index. */
export async function linkPeople(app: INestApplication, { organisation, people }: SeededOrganisation, userIds: number[]): Promise<void> {
  const now = new Date();
  const links: BksbAccountLink[] = people.map((person, i) => ({
    personId: person.id, organisationId: organisation.id, personType: 'learner', username: `bench-${userIds[i]}`, usernameKey: `bench-${userIds[i]}`,
    bksbUserId: userIds[i], createdByPics: false, state: 'active', claimExpiresAt: null, claimToken: null, createdAt: now, createdBy: 'bench',
    loginDetailsState: 'none', loginDetailsMailId: null, loginDetailsQueuedAt: null, loginDetailsSentAt: null, loginDetailsFailure: null,
    loginDetailsWithoutLink: false, lastSyncedAt: null, missingCheckedAt: null,
  }));
  const repository = app.get(DataSource).getRepository(BksbAccountLink);
  for (let i = 0; i < links.length; i += BATCH) await repository.insert(links.slice(i, i + BATCH));
}
