import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthenticatedUser, checkForm, Clock, countOf, CurrentUser, OrganisationId, Pages, RequiresLicence, Roles, safeLocalPath, sendCsv, wantsCsv, WebRequest } from '@picsweb/common';
import type { Response } from 'express';
import { ChaseListQueryDto } from '../../dto/bksb-insights-query.dto';
import { InvitePeopleDto } from '../../dto/invite-people.dto';
import { BksbInviteService } from '../../services/bksb-invite.service';
import { chaseListPath } from '../bksb-paths';
import { bulkFormInput } from '../unmatched/bulk-form';
import { BksbChaseListService } from '../../views/bksb-chase-list.service';
import { chaseListCsv, csvFileName } from '../../views/bksb-csv-exports';
import { BksbSettingsService, INTEGRATION_OFF } from '../../services/bksb-settings.service';
import { ChaseListPage } from './chase-list-page';
import { chaseListRows } from './chase-list-rows';

const PAGE_SIZE = 25;

/**
 * The chase list, its filters and its download. A row's Send login details posts to the
 * person's invite action; Send login details for the people ticked posts here, through the
 * one send path (each person at most once a press), and both come back here.
 */
@ApiExcludeController()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('integrations/bksb/chase-list')
export class BksbChaseListPagesController {
  constructor(
    private readonly chaseList: BksbChaseListService,
    private readonly settings: BksbSettingsService,
    private readonly invites: BksbInviteService,
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

  @Post('invite')
  async invite(
    @OrganisationId() organisationId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Body() form: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const back = safeLocalPath(form.back, chaseListPath());
    const checked = await checkForm(InvitePeopleDto, { people: bulkFormInput(form).body.people });
    if (!checked.ok) return this.pages.redirect(response, back, { text: 'Tick at least one person to send their login details to.', problem: true });
    const invited = await this.invites.inviteMany(organisationId, checked.value.people, user);
    const skipped = invited.skipped.map((person) => person.reason).join(' ');
    const text = `Login details queued for ${countOf(invited.queued, 'person', 'people')}.${skipped ? ` Not sent to ${invited.skipped.length}: ${skipped}` : ''}`;
    this.pages.redirect(response, back, { text, problem: invited.queued === 0 });
  }
}
