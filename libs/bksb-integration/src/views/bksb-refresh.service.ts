import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { PersonType, SYSTEM_LOG, SystemLogWriter } from '@picsweb/common';
import { BksbAccountService } from '../services/bksb-account.service';
import { Actor } from '../services/bksb-person';
import { asHttp } from '../services/bksb-http-errors';
import { BksbPersonPanelService, LatestResults } from './bksb-person-panel.service';
import { BksbResultImportService } from '../services/bksb-result-import.service';
import { BksbSettingsService } from '../services/bksb-settings.service';

/** "Get latest results from bksb" for one person, now. */
@Injectable()
export class BksbRefreshService {
  constructor(
    private readonly settings: BksbSettingsService,
    private readonly accounts: BksbAccountService,
    private readonly importer: BksbResultImportService,
    private readonly panels: BksbPersonPanelService,
    @Inject(SYSTEM_LOG) private readonly systemLog: SystemLogWriter,
  ) {}

  async refresh(organisationId: string, type: PersonType, personId: string, actor: Actor): Promise<{ imported: number; latest: LatestResults }> {
    const settings = await this.settings.requireEnabled(organisationId);
    const person = await this.accounts.person(organisationId, type, personId);
    const link = await this.accounts.link(organisationId, personId);
    if (!link || link.state === 'claimed') {
      throw new ConflictException(`${person.firstName} ${person.lastName} has no bksb account yet. Create or link one first.`);
    }
    const outcome = await asHttp(this.importer.importPerson(settings, link));
    if (outcome.changed) {
      throw new ConflictException(`The bksb account of ${person.firstName} ${person.lastName} changed while their results were read, so none were saved. Reload and try again.`);
    }
    await this.systemLog.write({
      organisationId,
      source: 'bksb',
      actor: actor.email,
      message: outcome.missing
        ? `${actor.email} asked for the latest bksb results of ${type} ${person.firstName} ${person.lastName} (${personId}): bksb no longer knows the user ${link.username}.`
        : `${actor.email} fetched the latest bksb results of ${type} ${person.firstName} ${person.lastName} (${personId}): ${outcome.imported} new.`,
    });
    return { imported: outcome.imported, latest: await this.panels.latest(organisationId, personId) };
  }
}
