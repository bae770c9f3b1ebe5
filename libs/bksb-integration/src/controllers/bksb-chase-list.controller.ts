import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Clock, OrganisationId, RequiresLicence, Roles, sendCsv, wantsCsv } from '@picsweb/common';
import type { Request, Response } from 'express';
import { ChaseListQueryDto } from '../dto/bksb-insights-query.dto';
import { BksbChaseListService } from '../views/bksb-chase-list.service';
import { chaseListCsv, csvFileName } from '../views/bksb-csv-exports';

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

  /** A page of the list; with `?format=csv` (or `Accept: text/csv`) the whole list as a download, sent as it is read. */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  async list(@OrganisationId() organisationId: string, @Query() query: ChaseListQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (!wantsCsv(request)) {
      response.json(await this.chaseList.list(organisationId, query));
      return;
    }
    await sendCsv(response, csvFileName('chase-list', this.clock.now()), chaseListCsv(this.chaseList.everyone(organisationId, query)));
  }
}
