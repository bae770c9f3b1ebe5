import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, Clock, CurrentUser, OrganisationId, RequiresLicence, Roles, sendCsv, wantsCsv } from '@picsweb/common';
import type { Request, Response } from 'express';
import { ChaseListQueryDto } from '../dto/bksb-insights-query.dto';
import { InvitePeopleDto } from '../dto/invite-people.dto';
import { BksbInviteService, InvitedMany } from '../services/bksb-invite.service';
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
    private readonly invites: BksbInviteService,
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

  /** Queues the login details of the people chosen, each once; the others come back in `skipped` with the reason. */
  @Post('invite')
  @HttpCode(202)
  invite(@OrganisationId() organisationId: string, @Body() body: InvitePeopleDto, @CurrentUser() user: AuthenticatedUser): Promise<InvitedMany> {
    return this.invites.inviteMany(organisationId, body.people, user);
  }
}
