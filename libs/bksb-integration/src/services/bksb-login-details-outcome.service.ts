import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { entityManagerOf, MAILER, Mailer, MailOutcome, MailOutcomeListener, SYSTEM_LOG, SystemLogWriter, Transaction } from '@picsweb/common';
import { BksbAccountLink } from '../entities/bksb-account-link.entity';
import { LOGIN_DETAILS_LISTENER } from './bksb-login-email';

/**
 * Records what became of a login details email on its account, in the mail outbox's
 * transaction: sent (when the mail server accepted it), failed or unclear, the last two
 * also in the system log. Only the account's latest email counts.
 */
@Injectable()
export class BksbLoginDetailsOutcomeService implements MailOutcomeListener, OnModuleInit {
  constructor(
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(SYSTEM_LOG) private readonly systemLog: SystemLogWriter,
  ) {}

  onModuleInit(): void {
    this.mailer.registerOutcomeListener(LOGIN_DETAILS_LISTENER, this);
  }

  async recordOutcome(outcome: MailOutcome, transaction: Transaction): Promise<void> {
    const manager = entityManagerOf(transaction);
    const link = await manager.findOneBy(BksbAccountLink, { loginDetailsMailId: outcome.mailId });
    // Unlinked since, or a newer email queued since: nothing of this one to show.
    if (!link) return;
    await manager.update(
      BksbAccountLink,
      { personId: link.personId, loginDetailsMailId: outcome.mailId },
      {
        loginDetailsState: outcome.state,
        loginDetailsSentAt: outcome.state === 'sent' ? outcome.at : null,
        loginDetailsFailure: outcome.reason,
        loginDetailsWithoutLink: outcome.withoutValuesAtDelivery,
      },
    );
    if (outcome.state === 'sent') return;
    const what = outcome.state === 'failed' ? 'failed' : 'may or may not have been sent';
    await this.systemLog.write(
      {
        organisationId: link.organisationId,
        source: 'bksb',
        level: 'warn',
        actor: null,
        message: `The login details email of the bksb account ${link.username} (${link.personType} ${link.personId}) ${what}: ${outcome.reason}`,
      },
      transaction,
    );
  }
}
