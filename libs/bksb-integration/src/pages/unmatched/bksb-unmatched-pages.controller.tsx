import { Controller, Get, HttpException, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OrganisationId, PageQueryDto, Pages, RequiresLicence, Roles, WebRequest } from '@picsweb/common';
import type { Response } from 'express';
import { BksbUnmatchedService } from '../../services/bksb-unmatched.service';
import { UnmatchedPage, UnmatchedPageProps } from './unmatched-page';

/** Each row may cost a look-up in bksb (remembered for a day), so pages are short. */
const PAGE_SIZE = 25;

@ApiExcludeController()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('integrations/bksb/unmatched')
export class BksbUnmatchedPagesController {
  constructor(
    private readonly unmatched: BksbUnmatchedService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async list(@OrganisationId() organisationId: string, @Query() query: PageQueryDto, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    let report: UnmatchedPageProps['report'];
    let status = 200;
    try {
      report = { people: await this.unmatched.list(organisationId, { page: query.page, pageSize: PAGE_SIZE }) };
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      report = { problem: error.message };
      status = error.getStatus();
    }
    this.pages.send(request, response, <UnmatchedPage report={report} />, { title: 'People without a bksb account', status });
  }
}
