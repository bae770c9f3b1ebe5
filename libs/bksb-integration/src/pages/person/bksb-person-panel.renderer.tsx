import { Inject, Injectable } from '@nestjs/common';
import { Clock, LICENCE_CHECKER, LicenceChecker, notLicensedMessage, PersonPanel, PersonPanelInput } from '@picsweb/common';
import type { VNode } from 'preact';
import { BksbAccountService } from '../../services/bksb-account.service';
import { BestResults, BksbPersonPanelService, LatestResults } from '../../views/bksb-person-panel.service';
import { BksbSettingsService, INTEGRATION_OFF } from '../../services/bksb-settings.service';
import { BksbUnmatchedService } from '../../views/bksb-unmatched.service';
import { accountStatusOf } from './account-status';
import { BksbPanel, BksbPanelNotLicensed, SubjectResults } from './bksb-person-panel';
import { SUBJECT_KEYS } from '../../domain/bksb-domain';

/** The Results table's rows: each subject with a result, English, Maths, ICT. */
const subjectsOf = (latest: LatestResults, best: BestResults): SubjectResults[] =>
  SUBJECT_KEYS.map((subject) => ({ subject, latestInitial: latest.initial[subject], bestInitial: best[subject], latestDiagnostic: latest.diagnostic[subject] })).filter(
    (row) => row.latestInitial || row.latestDiagnostic,
  );

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
    const [settings, panel, person, link, tagsApplied] = await Promise.all([
      this.settings.view(organisationId),
      this.panels.panel(organisationId, personType, personId),
      this.accounts.person(organisationId, personType, personId),
      this.accounts.link(organisationId, personId),
      this.panels.tagsApplied(organisationId, personId),
    ]);
    // Only a person without an account needs a suggestion (one cached look-up in bksb).
    const suggestion = panel.account || !settings.integrationEnabled ? null : await this.unmatched.suggestionFor(organisationId, person.email);
    return (
      <BksbPanel
        personType={personType}
        personId={personId}
        switchedOff={settings.integrationEnabled ? null : INTEGRATION_OFF}
        account={accountStatusOf(person, link, panel.account, this.clock.now(), suggestion)}
        results={{ subjects: subjectsOf(panel.latest, panel.best), history: panel.history, tagsApplied, lastSyncedAt: panel.lastSyncedAt, nextCheck: panel.nextCheck, notEligibleBecause: panel.notEligibleBecause }}
      />
    );
  }
}
