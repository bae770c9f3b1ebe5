import { ConflictException, NotFoundException } from '@nestjs/common';
import {
  DirectoryPerson,
  entityManagerOf,
  Mailer,
  OutgoingMail,
  PeopleDirectory,
  SystemClock,
  SystemLogLine,
  SystemLogWriter,
  Transaction,
  TransactionRunner,
} from '@picsweb/common';
import { DataSource } from 'typeorm';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { BKSB_ENTITIES } from '../index';
import { BksbInviteService } from './bksb-invite.service';
import { BksbRuntimeSettings, BksbSettingsService } from './bksb-settings.service';

const settings = {
  organisationId: 'org-1',
  bksbLoginUrl: 'https://college.bksb.co.uk',
  defaultPassword: 'Welcome-2026!',
  includeAutoLoginLink: false,
} as BksbRuntimeSettings;

const ada: DirectoryPerson = {
  type: 'learner',
  id: 'p1',
  organisationId: 'org-1',
  firstName: 'Ada',
  lastName: 'Obi',
  email: 'ada.obi@example.org',
  dateOfBirth: null,
  eligibleForSync: true,
  notEligibleBecause: null,
};

const link = (person: DirectoryPerson, fields: Partial<BksbAccountLink> = {}): BksbAccountLink => ({
  personId: person.id,
  organisationId: person.organisationId,
  personType: person.type,
  username: person.email ?? `${person.id}@example.org`,
  usernameKey: (person.email ?? `${person.id}@example.org`).toLowerCase(),
  bksbUserId: 5001,
  createdByPics: true,
  state: 'active',
  claimExpiresAt: null,
  claimToken: null,
  createdAt: new Date(),
  createdBy: 'staff@example.org',
  loginDetailsState: 'none',
  loginDetailsMailId: null,
  loginDetailsQueuedAt: null,
  loginDetailsSentAt: null,
  loginDetailsFailure: null,
  loginDetailsWithoutLink: false,
  lastSyncedAt: null,
  missingCheckedAt: null,
  ...fields,
});

describe('BksbInviteService', () => {
  let dataSource: DataSource;
  let queued: Array<{ mail: OutgoingMail; inTransaction: boolean }>;
  let logged: SystemLogLine[];
  let people: DirectoryPerson[];
  let invites: BksbInviteService;
  const actor = { email: 'staff@example.org' };

  beforeEach(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: BKSB_ENTITIES, synchronize: true }).initialize();
    queued = [];
    logged = [];
    people = [ada];
    const inTransaction = (transaction?: Transaction) => transaction !== undefined && entityManagerOf(transaction).queryRunner?.isTransactionActive === true;
    const mailer = {
      queue: async (mail: OutgoingMail, transaction?: Transaction) => (queued.push({ mail, inTransaction: inTransaction(transaction) }), { id: `m${queued.length}` }),
    };
    const systemLog: SystemLogWriter = { write: async (line) => void logged.push(line), writeAll: async (lines) => void logged.push(...lines) };
    const directory = { getPerson: async (_org: string, type: string, id: string) => people.find((p) => p.type === type && p.id === id) ?? null };
    const settingsService = { requireEnabled: async () => settings };
    invites = new BksbInviteService(
      dataSource.getRepository(BksbAccountLink),
      new TransactionRunner(dataSource),
      settingsService as unknown as BksbSettingsService,
      new SystemClock(),
      directory as unknown as PeopleDirectory,
      systemLog,
      mailer as unknown as Mailer,
    );
  });

  afterEach(() => dataSource.destroy());

  it('queues the login details with the password as a secret placeholder, marks them queued (not sent), and logs it without the password', async () => {
    await dataSource.getRepository(BksbAccountLink).insert(link(ada, { loginDetailsState: 'failed', loginDetailsFailure: 'Refused', loginDetailsSentAt: new Date() }));
    expect(await invites.invite('org-1', 'learner', 'p1', actor)).toEqual({ queued: true, to: 'ada.obi@example.org' });

    expect(queued).toHaveLength(1);
    const { mail, inTransaction } = queued[0];
    expect(inTransaction).toBe(true);
    expect(mail).toMatchObject({ organisationId: 'org-1', to: 'ada.obi@example.org', secrets: { password: 'Welcome-2026!' } });
    expect(mail.text).toContain('User name: ada.obi@example.org');
    expect(mail.text).toContain('{{secret:password}}');
    expect(mail.text + mail.html).not.toContain('Welcome-2026!');
    expect(mail.outcomeListener).toBe('bksb-login-details');
    expect(await dataSource.getRepository(BksbAccountLink).findOneByOrFail({ personId: 'p1' })).toMatchObject({
      loginDetailsState: 'queued',
      loginDetailsMailId: 'm1',
      loginDetailsQueuedAt: expect.any(Date),
      loginDetailsSentAt: null,
      loginDetailsFailure: null,
    });
    expect(logged).toEqual([expect.objectContaining({ organisationId: 'org-1', source: 'bksb', actor: 'staff@example.org' })]);
    expect(logged[0].message).toContain('queued the bksb login details of ada.obi@example.org for ada.obi@example.org');
    expect(JSON.stringify(logged)).not.toContain('Welcome-2026!');
  });

  it('refuses, sending nothing, when there is no account yet, it was not made by PICSWeb, or the person has no email', async () => {
    await expect(invites.invite('org-1', 'learner', 'p1', actor)).rejects.toThrow(NotFoundException);
    await dataSource.getRepository(BksbAccountLink).insert(link(ada, { state: 'claimed', bksbUserId: null }));
    await expect(invites.invite('org-1', 'learner', 'p1', actor)).rejects.toThrow(NotFoundException);
    await dataSource.getRepository(BksbAccountLink).update({ personId: 'p1' }, { state: 'active', bksbUserId: 5001, createdByPics: false });
    await expect(invites.invite('org-1', 'learner', 'p1', actor)).rejects.toThrow(ConflictException);
    await dataSource.getRepository(BksbAccountLink).update({ personId: 'p1' }, { createdByPics: true });
    people = [{ ...ada, email: null }];
    await expect(invites.invite('org-1', 'learner', 'p1', actor)).rejects.toMatchObject({ status: 422, message: expect.stringContaining('has no email address') });
    await expect(invites.invite('org-1', 'applicant', 'p1', actor)).rejects.toThrow('No applicant with id p1.');
    expect(queued).toEqual([]);
    expect(logged).toEqual([]);
  });

  it('queues for several people, each once however often listed, and skips those who cannot have them with the reason', async () => {
    const bo: DirectoryPerson = { ...ada, id: 'p2', firstName: 'Bo', email: 'bo@example.org' };
    const cy: DirectoryPerson = { ...ada, id: 'p3', firstName: 'Cy', email: null };
    people = [ada, bo, cy];
    await dataSource.getRepository(BksbAccountLink).insert([link(ada), link(bo), link(cy, { username: 'cy', usernameKey: 'cy' })]);
    const result = await invites.inviteMany(
      'org-1',
      [
        { personType: 'learner', id: 'p1' },
        { personType: 'learner', id: 'p2' },
        { personType: 'learner', id: 'p1' },
        { personType: 'learner', id: 'p3' },
        { personType: 'applicant', id: 'p1' },
      ],
      actor,
    );
    expect(result).toEqual({
      queued: 2,
      skipped: [
        { personType: 'learner', id: 'p3', reason: 'Cy Obi has no email address. Add one, then send the login details.' },
        { personType: 'applicant', id: 'p1', reason: 'No applicant with id p1.' },
      ],
    });
    expect(queued.map(({ mail }) => mail.to)).toEqual(['ada.obi@example.org', 'bo@example.org']);
  });

  it("keeps no queued state when the caller's transaction rolls back", async () => {
    await dataSource.getRepository(BksbAccountLink).insert(link(ada));
    await expect(
      new TransactionRunner(dataSource).run(async (manager) => {
        await invites.queueLoginDetails(manager, settings, ada, 'ada.obi@example.org', 5001, actor);
        throw new Error('the account could not be confirmed');
      }),
    ).rejects.toThrow('could not be confirmed');
    expect(await dataSource.getRepository(BksbAccountLink).findOneByOrFail({ personId: 'p1' })).toMatchObject({ loginDetailsState: 'none', loginDetailsQueuedAt: null });
  });
});
