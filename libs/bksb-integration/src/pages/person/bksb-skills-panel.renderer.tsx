import { Inject, Injectable } from '@nestjs/common';
import { LICENCE_CHECKER, LicenceChecker, PersonPanel, PersonPanelInput } from '@picsweb/common';
import type { VNode } from 'preact';
import { BksbSkillsService } from '../../views/bksb-skills.service';
import { SkillsToWorkOn } from './skills-to-work-on';

/** The Skills to work on section the host shows on learner and applicant pages, after the bksb panel (which speaks for an unlicensed organisation). */
@Injectable()
export class BksbSkillsPanelRenderer implements PersonPanel {
  constructor(
    @Inject(LICENCE_CHECKER) private readonly licences: LicenceChecker,
    private readonly skills: BksbSkillsService,
  ) {}

  async render({ organisationId, personType, personId }: PersonPanelInput): Promise<VNode | null> {
    if (!(await this.licences.isLicensed(organisationId, 'bksb'))) return null;
    const { subjects } = await this.skills.person(organisationId, personType, personId);
    return <SkillsToWorkOn subjects={subjects} />;
  }
}
