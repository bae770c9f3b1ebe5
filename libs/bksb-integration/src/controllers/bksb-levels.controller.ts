import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Clock, OrganisationId, RequiresLicence, Roles, sendCsv, wantsCsv } from '@picsweb/common';
import type { Request, Response } from 'express';
import { LevelsQueryDto } from '../dto/bksb-insights-query.dto';
import { csvFileName, levelsCsv } from '../views/bksb-csv-exports';
import { BksbLevelsService } from '../views/bksb-levels.service';

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

  /** How many people are at each level, per subject; with `?format=csv` one row per person instead, sent as it is read. */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  async counts(@OrganisationId() organisationId: string, @Query() query: LevelsQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (!wantsCsv(request)) {
      response.json((await this.levels.cohort(organisationId, query)).counts);
      return;
    }
    const selection = this.levels.selection(query);
    await sendCsv(response, csvFileName(`levels-${selection.personType}s`, this.clock.now()), levelsCsv(this.levels.everyone(organisationId, selection)));
  }
}
