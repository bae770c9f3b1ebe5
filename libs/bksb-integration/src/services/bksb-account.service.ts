import { ConflictException, HttpException, HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  Clock,
  DirectoryPerson,
  isUniqueViolation,
  PEOPLE_DIRECTORY,
  PeopleDirectory,
  PersonType,
  SYSTEM_LOG,
  SystemLogWriter,
  TransactionRunner,
  transactionOf,
} from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { BksbError } from '../client/bksb-errors';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { asHttp, bksbHttpError } from './bksb-http-errors';
import { BksbConnectionService } from './bksb-connection.service';
import { BksbInviteService } from './bksb-invite.service';
import { Actor, actionLine, describePerson as describe, nameOf, requirePerson } from './bksb-person';
import { BksbResultImportService } from './bksb-result-import.service';
import { BksbRuntimeSettings, BksbSettingsService } from './bksb-settings.service';

/** How long a creation may hold its claim; past it, another request resolves the claim. */
export const CLAIM_LEASE_MS = 5 * 60 * 1000;

export interface CreatedAccount {
  username: string;
  bksbUserId: number;
  /** The login details email was queued (with Auto Send Login Details on); the person view tells when it is sent. */
  loginDetailsQueued: boolean;
}

/**
 * bksb accounts of learners and applicants: create (exactly once: claim in the
 * database, call bksb outside any transaction, confirm; login details go through the
 * invite service), link and unlink. Every action writes a system log line (never a
 * password).
 */
@Injectable()
export class BksbAccountService {
  constructor(
    @InjectRepository(BksbAccountLink) private readonly links: Repository<BksbAccountLink>,
    private readonly transactions: TransactionRunner,
    private readonly settings: BksbSettingsService,
    private readonly connection: BksbConnectionService,
    private readonly importer: BksbResultImportService,
    private readonly invites: BksbInviteService,
    private readonly clock: Clock,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
    @Inject(SYSTEM_LOG) private readonly systemLog: SystemLogWriter,
  ) {}

  /** The person of this organisation, or 404. */
  person(organisationId: string, type: PersonType, id: string): Promise<DirectoryPerson> {
    return requirePerson(this.people, this.clock, organisationId, type, id);
  }

  link(organisationId: string, personId: string): Promise<BksbAccountLink | null> {
    return this.links.findOneBy({ organisationId, personId });
  }

  async create(organisationId: string, type: PersonType, personId: string, requestedUsername: string | undefined, actor: Actor): Promise<CreatedAccount> {
    const settings = await this.settings.requireEnabled(organisationId);
    const person = await this.person(organisationId, type, personId);
    if (!person.email) throw new HttpException(`${nameOf(person)} has no email address. Add one, then create the bksb account.`, HttpStatus.UNPROCESSABLE_ENTITY);
    const username = (requestedUsername ?? person.email).trim();
    const existing = await this.link(organisationId, personId);
    if (existing && !this.isAbandonedClaim(existing)) throw this.alreadyLinked(person, existing);

    if (existing) {
      // A claim left by a crash or an unclear failure: one request takes it over, then looks
      // its user name up, since bksb may have made that user.
      const token = await this.takeOverClaim(person, existing);
      let found: number | null;
      try {
        found = await this.connection.call(settings, (client, context) => client.getUserId(context, existing.username));
      } catch (error) {
        await this.releaseClaim(personId, token, true);
        throw error instanceof BksbError ? bksbHttpError(error) : error;
      }
      if (found !== null) return this.confirm(settings, person, token, existing.username, found, actor);
      // Nothing was made: the old claim goes, and this request claims afresh under its own user name.
      await this.transactions.run((manager) => manager.delete(BksbAccountLink, { personId, claimToken: token }));
    }
    if (await asHttp(this.connection.call(settings, (client, context) => client.usernameExists(context, username)))) {
      throw new ConflictException(
        `bksb already has a user named ${username}. If it is ${nameOf(person)}'s, link it instead of creating another (Link existing account).`,
      );
    }

    const token = await this.claim(person, username, actor);
    let bksbUserId: number;
    try {
      const created = await this.connection.call(settings, (client, context) =>
        client.createUser(context, {
          username,
          firstname: person.firstName,
          lastname: person.lastName,
          password: settings.defaultPassword!,
          email: person.email!,
          dateOfBirth: person.dateOfBirth,
          autoEnrolCourses: settings.autoEnrolOnCourses,
        }),
      );
      bksbUserId = created.userId;
    } catch (error) {
      // After an unclear failure bksb may have made the user: the claim stays, expired, for
      // the next request to resolve by looking the user up first. A clear refusal removes it.
      await this.releaseClaim(personId, token, error instanceof BksbError && (error.kind === 'unavailable' || error.kind === 'bad-response'));
      throw error instanceof BksbError ? bksbHttpError(error) : error;
    }
    return this.confirm(settings, person, token, username, bksbUserId, actor);
  }

  async linkExisting(organisationId: string, type: PersonType, personId: string, username: string, actor: Actor): Promise<{ username: string; bksbUserId: number }> {
    const settings = await this.settings.requireEnabled(organisationId);
    const person = await this.person(organisationId, type, personId);
    const existing = await this.link(organisationId, personId);
    if (existing) throw this.alreadyLinked(person, existing);
    const bksbUserId = await asHttp(this.connection.call(settings, (client, context) => client.getUserId(context, username.trim())));
    if (bksbUserId === null) throw new NotFoundException(`No bksb user named ${username.trim()}.`);
    const link = this.newLink(person, username.trim(), actor, { state: 'active', bksbUserId, createdByPics: false });
    await this.explainClash(
      person,
      link.username,
      this.transactions.run(async (manager) => {
        await manager.insert(BksbAccountLink, link);
        await this.log(manager, person, actor, `${actor.email} linked the existing bksb user ${link.username} (user id ${bksbUserId}) to ${describe(person)}.`);
      }),
    );
    await this.importer.importPerson(settings, link).catch((error: unknown) => {
      // The link stands; the results come with the next refresh or sync.
      if (!(error instanceof BksbError)) throw error;
      return this.systemLog.write({
        organisationId,
        source: 'bksb',
        level: 'warn',
        actor: actor.email,
        message: `Results of ${describe(person)} could not be imported after linking: ${error.message}`,
      });
    });
    return { username: link.username, bksbUserId };
  }

  async unlink(organisationId: string, type: PersonType, personId: string, actor: Actor): Promise<void> {
    const person = await this.person(organisationId, type, personId);
    await this.transactions.run(async (manager) => {
      const link = await manager.findOneBy(BksbAccountLink, { organisationId, personId });
      if (!link) throw new NotFoundException(`${nameOf(person)} has no bksb account linked.`);
      await manager.delete(BksbAccountLink, { personId });
      await this.log(manager, person, actor, `${actor.email} unlinked the bksb user ${link.username} from ${describe(person)}; imported results are kept.`);
    });
  }

  /** Turns this request's claim into the account; if the claim was taken over meanwhile, the other request settles it. */
  private async confirm(
    settings: BksbRuntimeSettings,
    person: DirectoryPerson,
    token: string,
    username: string,
    bksbUserId: number,
    actor: Actor,
  ): Promise<CreatedAccount> {
    const send = settings.autoSendLoginDetails;
    await this.transactions.run(async (manager) => {
      const confirmed = await manager.update(
        BksbAccountLink,
        { personId: person.id, state: 'claimed', claimToken: token },
        { state: 'active', bksbUserId, claimExpiresAt: null, claimToken: null, createdAt: this.clock.now() },
      );
      if (!confirmed.affected) throw this.beingCreated(person);
      await this.log(manager, person, actor, `${actor.email} created the bksb account ${username} (user id ${bksbUserId}) for ${describe(person)}.`);
      if (send) await this.invites.queueLoginDetails(manager, settings, person, username, bksbUserId, actor);
    });
    return { username, bksbUserId, loginDetailsQueued: send };
  }

  /** Takes the person (and the user name) for this request; a second request meets the claim. Answers the claim's token. */
  private async claim(person: DirectoryPerson, username: string, actor: Actor): Promise<string> {
    const link = this.newLink(person, username, actor, { state: 'claimed', bksbUserId: null, createdByPics: true });
    link.claimToken = randomUUID();
    link.claimExpiresAt = new Date(this.clock.now().getTime() + CLAIM_LEASE_MS);
    await this.explainClash(person, username, this.transactions.run((manager) => manager.insert(BksbAccountLink, link)));
    return link.claimToken;
  }

  /** Takes over an abandoned claim, unless another request did first; answers the new token. */
  private async takeOverClaim(person: DirectoryPerson, abandoned: BksbAccountLink): Promise<string> {
    const token = randomUUID();
    const taken = await this.transactions.run((manager) =>
      manager.update(
        BksbAccountLink,
        { personId: abandoned.personId, state: 'claimed', claimToken: abandoned.claimToken ?? IsNull() },
        { claimToken: token, claimExpiresAt: new Date(this.clock.now().getTime() + CLAIM_LEASE_MS) },
      ),
    );
    if (!taken.affected) throw this.beingCreated(person);
    return token;
  }

  /**
   * Ends this request's claim after a failure: kept, expired, when bksb may have made the
   * user (the next request looks it up first), removed otherwise.
   */
  private async releaseClaim(personId: string, token: string, keep: boolean): Promise<void> {
    const mine = { personId, state: 'claimed' as const, claimToken: token };
    await this.transactions.run((manager) =>
      keep ? manager.update(BksbAccountLink, mine, { claimExpiresAt: this.clock.now() }) : manager.delete(BksbAccountLink, mine),
    );
  }

  /**
   * A link insert breaks a unique key when the person is linked already or the user
   * name is another person's; that aborts its transaction, so the clash is explained
   * afterwards, outside it, as a 409 saying which.
   */
  private async explainClash<T>(person: DirectoryPerson, username: string, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const own = await this.links.findOneBy({ personId: person.id });
      if (own) throw this.alreadyLinked(person, own);
      throw new ConflictException(`The bksb user ${username} is already linked to another ${person.type} of your organisation.`);
    }
  }

  private isAbandonedClaim(link: BksbAccountLink): boolean {
    return link.state === 'claimed' && (link.claimExpiresAt?.getTime() ?? 0) <= this.clock.now().getTime();
  }

  private alreadyLinked(person: DirectoryPerson, link: BksbAccountLink): ConflictException {
    return link.state === 'claimed'
      ? this.beingCreated(person)
      : new ConflictException(`${nameOf(person)} already has a bksb account (${link.username}). Unlink it first to use another.`);
  }

  private beingCreated(person: DirectoryPerson): ConflictException {
    return new ConflictException(`A bksb account for ${nameOf(person)} is being created right now. Reload in a moment.`);
  }

  private newLink(
    person: DirectoryPerson,
    username: string,
    actor: Actor,
    fields: Pick<BksbAccountLink, 'state' | 'bksbUserId' | 'createdByPics'>,
  ): BksbAccountLink {
    return {
      personId: person.id,
      organisationId: person.organisationId,
      personType: person.type,
      username,
      usernameKey: username.toLowerCase(),
      claimExpiresAt: null,
      claimToken: null,
      createdAt: this.clock.now(),
      createdBy: actor.email,
      loginDetailsState: 'none',
      loginDetailsMailId: null,
      loginDetailsQueuedAt: null,
      loginDetailsSentAt: null,
      loginDetailsFailure: null,
      loginDetailsWithoutLink: false,
      lastSyncedAt: null,
      missingCheckedAt: null,
      ...fields,
    };
  }

  private log(manager: EntityManager, person: DirectoryPerson, actor: Actor, message: string): Promise<void> {
    return this.systemLog.write(actionLine(person, actor, message), transactionOf(manager));
  }
}
