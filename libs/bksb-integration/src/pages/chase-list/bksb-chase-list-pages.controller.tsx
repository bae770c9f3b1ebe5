import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Clock, OrganisationId, Pages, RequiresLicence, Roles, sendCsv, wantsCsv, WebRequest } from '@picsweb/common';
import type { Response } from 'express';
import { ChaseListQueryDto } from '../../dto/bksb-insights-query.dto';
import { BksbChaseListService } from '../../views/bksb-chase-list.service';
import { chaseListCsv, csvFileName } from '../../views/bksb-csv-exports';
import { BksbSettingsService, INTEGRATION_OFF } from '../../services/bksb-settings.service';
import { ChaseListPage } from './chase-list-page';
import { chaseListRows } from './chase-list-rows';

const PAGE_SIZE = 25;

/** The chase list, its filters and its download. Send login details posts to the person's invite action, which comes back here. */
@ApiExcludeController()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('integrations/bksb/chase-list')
export class BksbChaseListPagesController {
  constructor(
    private readonly chaseList: BksbChaseListService,
    private readonly settings: BksbSettingsService,
    private readonly clock: Clock,
    private readonly pages: Pages,
  ) {}

  @Get()
  async list(@OrganisationId() organisationId: string, @Query() query: ChaseListQueryDto, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    if (wantsCsv(request)) return sendCsv(response, csvFileName('chase-list', this.clock.now()), chaseListCsv(this.chaseList.everyone(organisationId, query)));
    const [list, settings] = await Promise.all([this.chaseList.list(organisationId, { ...query, pageSize: PAGE_SIZE }), this.settings.view(organisationId)]);
    const page = (
      <ChaseListPage
        filters={{ personType: query.personType ?? '', subject: query.subject ?? '' }}
        list={{ ...list, items: chaseListRows(list.items, this.clock.now()) }}
        switchedOff={settings.integrationEnabled ? null : INTEGRATION_OFF}
      />
    );
    this.pages.send(request, response, page, { title: 'Initial assessments to chase' });
  }
}
