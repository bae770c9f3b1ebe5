import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DeliveryValuesProvider, formatUkDateTime, LICENCE_CHECKER, LicenceChecker, MAILER, Mailer, notLicensedMessage } from '@picsweb/common';
import { AUTO_LOGIN_PROVIDER, AUTO_LOGIN_VALUES } from './bksb-login-email';
import { BksbConnectionService } from './bksb-connection.service';
import { BksbSettingsService } from './bksb-settings.service';

/** One retry at most within a delivery: the mail outbox gives the link a few deliveries' tries, then sends without it. */
const ATTEMPTS = 2;

export function expiryNote(expiresAt: Date | null): string {
  const after = 'after that, log in with your user name and password.';
  return expiresAt ? `The link works until ${formatUkDateTime(expiresAt)} (UK time); ${after}` : `The link works for a short time only; ${after}`;
}

/**
 * Fills a login email's auto-login link when the mail outbox sends it, so the
 * time-limited link is fresh and is never stored. A failure (bksb unreachable, the
 * integration switched off, the licence gone) uses up one of the email's few tries for
 * the link; after them the email goes without it.
 */
@Injectable()
export class BksbAutoLoginLinkService implements DeliveryValuesProvider, OnModuleInit {
  constructor(
    private readonly settings: BksbSettingsService,
    private readonly connection: BksbConnectionService,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(LICENCE_CHECKER) private readonly licences: LicenceChecker,
  ) {}

  onModuleInit(): void {
    this.mailer.registerDeliveryValues(AUTO_LOGIN_PROVIDER, this);
  }

  async valuesFor(organisationId: string, reference: string): Promise<Record<string, string>> {
    if (!(await this.licences.isLicensed(organisationId, 'bksb'))) throw new Error(notLicensedMessage('bksb'));
    const settings = await this.settings.requireEnabled(organisationId);
    const userId = Number(reference);
    const { link, expiresAt } = await this.connection.call(settings, (client, context) => client.getAutoLoginLink({ ...context, maxAttempts: ATTEMPTS }, userId));
    return { [AUTO_LOGIN_VALUES.link]: link, [AUTO_LOGIN_VALUES.expiry]: expiryNote(expiresAt) };
  }
}
