import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Clock, csvDownload, OrganisationId, RequiresLicence, Roles, wantsCsv } from '@picsweb/common';
import type { Request, Response } from 'express';
import { LevelsQueryDto } from '../dto/bksb-insights-query.dto';
import { LevelCounts } from '../rules/initial-levels';
import { csvFileName, levelsCsv } from '../services/bksb-csv-exports';
import { BksbLevelsService } from '../services/bksb-levels.service';

@ApiTags('bksb')
@ApiBearerAuth()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('api/integrations/bksb/levels')
export class BksbLevelsController {
  constructor(
    private readonly levels: BksbLevelsService,
    private readonly clock: Clock,
  ) {}

  /** How many people are at each level, per subject; with `?format=csv` one row per person instead. */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  async counts(
    @OrganisationId() organisationId: string,
    @Query() query: LevelsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LevelCounts | string> {
    const cohort = await this.levels.cohort(organisationId, query);
    if (!wantsCsv(request)) return cohort.counts;
    csvDownload(response, csvFileName(`levels-${cohort.selection.personType}s`, this.clock.now()));
    return levelsCsv(cohort);
  }
}
