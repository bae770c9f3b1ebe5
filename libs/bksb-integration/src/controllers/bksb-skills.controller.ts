import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Clock, OrganisationId, PersonType, RequiresLicence, Roles, sendCsv, wantsCsv } from '@picsweb/common';
import type { Request, Response } from 'express';
import { SkillsQueryDto } from '../dto/bksb-insights-query.dto';
import { csvFileName, skillsCsv } from '../views/bksb-csv-exports';
import { BksbSkillsService, PersonSkills } from '../views/bksb-skills.service';
import { PersonTypePipe } from './person-type.pipe';

@ApiTags('bksb')
@ApiBearerAuth()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('api/integrations/bksb')
export class BksbSkillsController {
  constructor(
    private readonly skills: BksbSkillsService,
    private readonly clock: Clock,
  ) {}

  /** What the cohort lacks: each component of one subject by level, most gaps first; `?format=csv` the same as a download. */
  @Get('skills')
  @ApiProduces('application/json', 'text/csv')
  async cohort(@OrganisationId() organisationId: string, @Query() query: SkillsQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { selection, subject, people, components } = await this.skills.cohort(organisationId, query);
    if (!wantsCsv(request)) {
      response.json({ subject, people, components });
      return;
    }
    await sendCsv(response, csvFileName(`skills-${selection.subject}-${selection.personType}s`, this.clock.now()), skillsCsv(components));
  }

  /** A person's skills to work on: their latest finished diagnostic of each subject, by component. */
  @Get(':personType/:id/skills')
  person(@OrganisationId() organisationId: string, @Param('personType', PersonTypePipe) type: PersonType, @Param('id') id: string): Promise<PersonSkills> {
    return this.skills.person(organisationId, type, id);
  }
}
