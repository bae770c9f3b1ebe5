import { INestApplication } from '@nestjs/common';
import { Role } from '@picsweb/common';
import request from 'supertest';
import { OrganisationsService } from '../../apps/picsweb/src/organisations/organisations.service';
import { UsersService } from '../../apps/picsweb/src/users/users.service';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestIdentity {
  organisationId: string;
  otherOrganisationId: string;
  /** Bearer tokens by name: admin, staff, support, otherAdmin. */
  tokens: Record<'admin' | 'staff' | 'support' | 'otherAdmin', string>;
}

export async function login(app: INestApplication, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await request(app.getHttpServer()).post('/api/auth/login').send({ email, password }).expect(200);
  return response.body.accessToken as string;
}

/** Two organisations (the first licensed for bksb), their admins, a staff user and a support user. */
export async function seedIdentity(app: INestApplication, options: { licensed?: boolean } = {}): Promise<TestIdentity> {
  const organisations = app.get(OrganisationsService);
  const users = app.get(UsersService);
  const organisation = await organisations.create('Northfield College');
  const other = await organisations.create('Southbank Training');
  if (options.licensed ?? true) await organisations.setLicence(organisation.id, 'bksb', true, 'seed@pics.test');
  const accounts: Array<[keyof TestIdentity['tokens'], string, Role, string | null]> = [
    ['admin', 'admin@northfield.test', 'admin', organisation.id],
    ['staff', 'staff@northfield.test', 'staff', organisation.id],
    ['support', 'support@pics.test', 'support', null],
    ['otherAdmin', 'admin@southbank.test', 'admin', other.id],
  ];
  const tokens = {} as TestIdentity['tokens'];
  for (const [name, email, role, organisationId] of accounts) {
    await users.create({ email, password: TEST_PASSWORD, role, organisationId });
    tokens[name] = await login(app, email);
  }
  return { organisationId: organisation.id, otherOrganisationId: other.id, tokens };
}

export type TokenName = keyof TestIdentity['tokens'];

/** HTTP as one of the seeded users. */
export function httpAs(app: INestApplication, identity: TestIdentity, token: TokenName) {
  const http = request(app.getHttpServer());
  const auth = `Bearer ${identity.tokens[token]}`;
  return {
    get: (path: string) => http.get(path).set('authorization', auth),
    post: (path: string, body?: object) => http.post(path).set('authorization', auth).send(body),
    put: (path: string, body?: object) => http.put(path).set('authorization', auth).send(body),
    patch: (path: string, body?: object) => http.patch(path).set('authorization', auth).send(body),
    delete: (path: string) => http.delete(path).set('authorization', auth),
  };
}
