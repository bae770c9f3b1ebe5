import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Clock, OrganisationId, RequiresLicence, Roles, sendCsv, wantsCsv } from '@picsweb/common';
import type { Request, Response } from 'express';
import { UnmatchedQueryDto } from '../dto/bksb-insights-query.dto';
import { csvFileName, unmatchedCsv } from '../views/bksb-csv-exports';
import { BksbUnmatchedService } from '../views/bksb-unmatched.service';

@ApiTags('bksb')
@ApiBearerAuth()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('api/integrations/bksb/unmatched')
export class BksbUnmatchedController {
  constructor(
    private readonly unmatched: BksbUnmatchedService,
    private readonly clock: Clock,
  ) {}

  /** A page of the report; with `?format=csv` (or `Accept: text/csv`) everyone on it as a download, without suggestions, sent as it is read. */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  async list(@OrganisationId() organisationId: string, @Query() query: UnmatchedQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (!wantsCsv(request)) {
      response.json(await this.unmatched.list(organisationId, query));
      return;
    }
    await sendCsv(response, csvFileName('unmatched', this.clock.now()), unmatchedCsv(this.unmatched.everyone(organisationId)));
  }
}
