import { ConflictException, HttpException, HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, DirectoryPerson, MAILER, Mailer, PEOPLE_DIRECTORY, PeopleDirectory, PersonType, SYSTEM_LOG, SystemLogWriter, TransactionRunner, transactionOf } from '@picsweb/common';
import { EntityManager, Repository } from 'typeorm';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { loginDetailsEmail } from './bksb-login-email';
import { Actor, actionLine, describePerson, nameOf, requirePerson } from './bksb-person';
import { BksbRuntimeSettings, BksbSettingsService } from './bksb-settings.service';

/**
 * Login details of bksb accounts PICSWeb made: the email (its default password a secret
 * placeholder, filled in only at delivery), the time it was sent on the link, and the
 * system log line, all in one transaction. Sent when an account is created (with the
 * organisation's auto-send setting on) and again on request.
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

  /** Sends the login details again, to the person's email address now. */
  async invite(organisationId: string, type: PersonType, personId: string, actor: Actor): Promise<{ sent: true; to: string }> {
    const settings = await this.settings.requireEnabled(organisationId);
    const person = await requirePerson(this.people, this.clock, organisationId, type, personId);
    const link = await this.links.findOneBy({ organisationId, personId });
    if (!link || link.state === 'claimed') throw new NotFoundException(`${nameOf(person)} has no bksb account yet. Create one first.`);
    if (!link.createdByPics) {
      throw new ConflictException(
        `${nameOf(person)}'s bksb account was not made by PICSWeb, so its password is not the default one. They can reset it on the bksb login page.`,
      );
    }
    if (!person.email) throw new HttpException(`${nameOf(person)} has no email address. Add one, then send the login details.`, HttpStatus.UNPROCESSABLE_ENTITY);
    await this.transactions.run((manager) => this.sendLoginDetails(manager, settings, person, link.username, link.bksbUserId, actor));
    return { sent: true, to: person.email };
  }

  /** Queues the login details email inside the caller's transaction, so it goes only if that work commits. */
  async sendLoginDetails(
    manager: EntityManager,
    settings: BksbRuntimeSettings,
    person: DirectoryPerson,
    username: string,
    bksbUserId: number | null,
    actor: Actor,
  ): Promise<void> {
    const transaction = transactionOf(manager);
    await this.mailer.queue(
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
    await manager.update(BksbAccountLink, { personId: person.id }, { loginDetailsSentAt: this.clock.now() });
    await this.systemLog.write(
      actionLine(person, actor, `${actor.email} sent the bksb login details of ${username} to ${person.email} for ${describePerson(person)}.`),
      transaction,
    );
  }
}
