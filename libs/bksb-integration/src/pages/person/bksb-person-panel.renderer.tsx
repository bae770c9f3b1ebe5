import { Inject, Injectable } from '@nestjs/common';
import { Clock, LICENCE_CHECKER, LicenceChecker, notLicensedMessage, PersonPanel, PersonPanelInput } from '@picsweb/common';
import type { VNode } from 'preact';
import { BksbAccountService } from '../../services/bksb-account.service';
import { BksbPersonPanelService, LatestResults, ResultView } from '../../views/bksb-person-panel.service';
import { BksbSettingsService, INTEGRATION_OFF } from '../../services/bksb-settings.service';
import { BksbUnmatchedService } from '../../views/bksb-unmatched.service';
import { accountStatusOf } from './account-status';
import { BksbPanel, BksbPanelNotLicensed } from './bksb-person-panel';
import { SUBJECT_KEYS } from '../../domain/bksb-domain';

const latestInOrder = (latest: LatestResults): ResultView[] =>
  (['initial', 'diagnostic'] as const).flatMap((kind) => SUBJECT_KEYS.map((subject) => latest[kind][subject]).filter((result) => result !== null));

/** The bksb section the host shows on learner and applicant pages. */
@Injectable()
export class BksbPersonPanelRenderer implements PersonPanel {
  constructor(
    @Inject(LICENCE_CHECKER) private readonly licences: LicenceChecker,
    private readonly settings: BksbSettingsService,
    private readonly accounts: BksbAccountService,
    private readonly panels: BksbPersonPanelService,
    private readonly unmatched: BksbUnmatchedService,
    private readonly clock: Clock,
  ) {}

  async render({ organisationId, personType, personId }: PersonPanelInput): Promise<VNode> {
    if (!(await this.licences.isLicensed(organisationId, 'bksb'))) return <BksbPanelNotLicensed message={notLicensedMessage('bksb')} />;
    const [settings, panel, person, link] = await Promise.all([
      this.settings.view(organisationId),
      this.panels.panel(organisationId, personType, personId),
      this.accounts.person(organisationId, personType, personId),
      this.accounts.link(organisationId, personId),
    ]);
    // Only a person without an account needs a suggestion (one cached look-up in bksb).
    const suggestion = panel.account || !settings.integrationEnabled ? null : await this.unmatched.suggestionFor(organisationId, person.email);
    return (
      <BksbPanel
        personType={personType}
        personId={personId}
        switchedOff={settings.integrationEnabled ? null : INTEGRATION_OFF}
        account={accountStatusOf(person, link, panel.account, this.clock.now(), suggestion)}
        results={{ latest: latestInOrder(panel.latest), best: SUBJECT_KEYS.flatMap((subject) => panel.best[subject] ?? []), history: panel.history, lastSyncedAt: panel.lastSyncedAt, nextCheck: panel.nextCheck, notEligibleBecause: panel.notEligibleBecause }}
      />
    );
  }
}
