import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Clock, csvDownload, OrganisationId, Page, RequiresLicence, Roles, wantsCsv } from '@picsweb/common';
import type { Request, Response } from 'express';
import { UnmatchedQueryDto } from '../dto/bksb-insights-query.dto';
import { csvFileName, unmatchedCsv } from '../services/bksb-csv-exports';
import { BksbUnmatchedService, UnmatchedPerson } from '../services/bksb-unmatched.service';

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

  /** A page of the report; with `?format=csv` (or `Accept: text/csv`) everyone on it as a download, without suggestions. */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  async list(
    @OrganisationId() organisationId: string,
    @Query() query: UnmatchedQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Page<UnmatchedPerson> | string> {
    if (!wantsCsv(request)) return this.unmatched.list(organisationId, query);
    csvDownload(response, csvFileName('unmatched', this.clock.now()));
    return unmatchedCsv(await this.unmatched.everyone(organisationId));
  }
}
