import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Clock, csvDownload, OrganisationId, Page, RequiresLicence, Roles, wantsCsv } from '@picsweb/common';
import type { Request, Response } from 'express';
import { ChaseListQueryDto } from '../dto/bksb-insights-query.dto';
import { BksbChaseListService, ChaseListItem } from '../services/bksb-chase-list.service';
import { chaseListCsv, csvFileName } from '../services/bksb-csv-exports';

@ApiTags('bksb')
@ApiBearerAuth()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('api/integrations/bksb/chase-list')
export class BksbChaseListController {
  constructor(
    private readonly chaseList: BksbChaseListService,
    private readonly clock: Clock,
  ) {}

  /** A page of the list; with `?format=csv` (or `Accept: text/csv`) the whole list as a download. */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  async list(
    @OrganisationId() organisationId: string,
    @Query() query: ChaseListQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Page<ChaseListItem> | string> {
    if (!wantsCsv(request)) return this.chaseList.list(organisationId, query);
    csvDownload(response, csvFileName('chase-list', this.clock.now()));
    return chaseListCsv(await this.chaseList.all(organisationId, query));
  }
}
