import { ConflictException, HttpException, HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, DirectoryPerson, MAILER, Mailer, PEOPLE_DIRECTORY, PeopleDirectory, PersonType, SYSTEM_LOG, SystemLogWriter, TransactionRunner, transactionOf } from '@picsweb/common';
import { EntityManager, Repository } from 'typeorm';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { loginDetailsEmail } from './bksb-login-email';
import { Actor, actionLine, describePerson, nameOf, requirePerson } from './bksb-person';
import { BksbRuntimeSettings, BksbSettingsService } from './bksb-settings.service';

export interface PersonRef {
  personType: PersonType;
  id: string;
}

export interface InvitedMany {
  queued: number;
  /** Those not sent to, each with the reason (no account, an account made in bksb, no email). */
  skipped: Array<PersonRef & { reason: string }>;
}

/**
 * Login details of bksb accounts PICSWeb made: the email (its default password a secret
 * placeholder, filled in only at delivery) queued in the mail outbox, the account's login
 * details marked queued, and the system log line, all in one transaction; the outbox
 * tells BksbLoginDetailsOutcomeService what became of it. Sent when an account is created
 * (with the organisation's auto-send setting on) and again on request, for one person or
 * several.
 */
@Injectable()
export class BksbInviteService {
  constructor(
    @InjectRepository(BksbAccountLink) private readonly links: Repository<BksbAccountLink>,
    private readonly transactions: TransactionRunner,
    private readonly settings: BksbSettingsService,
    private readonly clock: Clock,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
    @Inject(SYSTEM_LOG) private readonly systemLog: SystemLogWriter,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {}

  /** Queues the login details again, to the person's email address now. */
  async invite(organisationId: string, type: PersonType, personId: string, actor: Actor): Promise<{ queued: true; to: string }> {
    return this.inviteWith(await this.settings.requireEnabled(organisationId), type, personId, actor);
  }

  /** Queues the login details of each person listed, once each however often listed; those that cannot have them are skipped with the reason. */
  async inviteMany(organisationId: string, people: PersonRef[], actor: Actor): Promise<InvitedMany> {
    const settings = await this.settings.requireEnabled(organisationId);
    const distinct = new Map(people.map((person) => [`${person.personType}:${person.id}`, person]));
    const result: InvitedMany = { queued: 0, skipped: [] };
    for (const person of distinct.values()) {
      try {
        await this.inviteWith(settings, person.personType, person.id, actor);
        result.queued += 1;
      } catch (error) {
        if (!(error instanceof HttpException)) throw error;
        result.skipped.push({ personType: person.personType, id: person.id, reason: error.message });
      }
    }
    return result;
  }

  private async inviteWith(settings: BksbRuntimeSettings, type: PersonType, personId: string, actor: Actor): Promise<{ queued: true; to: string }> {
    const person = await requirePerson(this.people, this.clock, settings.organisationId, type, personId);
    const link = await this.links.findOneBy({ organisationId: settings.organisationId, personId });
    if (!link || link.state === 'claimed') throw new NotFoundException(`${nameOf(person)} has no bksb account yet. Create one first.`);
    if (!link.createdByPics) {
      throw new ConflictException(
        `${nameOf(person)}'s bksb account was not made by PICSWeb, so its password is not the default one. They can reset it on the bksb login page.`,
      );
    }
    if (!person.email) throw new HttpException(`${nameOf(person)} has no email address. Add one, then send the login details.`, HttpStatus.UNPROCESSABLE_ENTITY);
    await this.transactions.run((manager) => this.queueLoginDetails(manager, settings, person, link.username, link.bksbUserId, actor));
    return { queued: true, to: person.email };
  }

  /** Queues the login details email inside the caller's transaction, so it goes only if that work commits. */
  async queueLoginDetails(
    manager: EntityManager,
    settings: BksbRuntimeSettings,
    person: DirectoryPerson,
    username: string,
    bksbUserId: number | null,
    actor: Actor,
  ): Promise<void> {
    const transaction = transactionOf(manager);
    const mail = await this.mailer.queue(
      loginDetailsEmail({
        organisationId: person.organisationId,
        to: person.email!,
        firstName: person.firstName,
        username,
        loginUrl: settings.bksbLoginUrl,
        defaultPassword: settings.defaultPassword!,
        autoLoginUserId: settings.includeAutoLoginLink ? bksbUserId : null,
      }),
      transaction,
    );
    await manager.update(
      BksbAccountLink,
      { personId: person.id },
      {
        loginDetailsState: 'queued',
        loginDetailsMailId: mail.id,
        loginDetailsQueuedAt: this.clock.now(),
        loginDetailsSentAt: null,
        loginDetailsFailure: null,
        loginDetailsWithoutLink: false,
      },
    );
    await this.systemLog.write(
      actionLine(person, actor, `${actor.email} queued the bksb login details of ${username} for ${person.email} (${describePerson(person)}).`),
      transaction,
    );
  }
}
