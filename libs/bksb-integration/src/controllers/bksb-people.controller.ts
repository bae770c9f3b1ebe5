import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, OrganisationId, PersonType, RequiresLicence, Roles } from '@picsweb/common';
import { CreateBksbAccountDto, LinkBksbAccountDto } from '../dto/bksb-account.dto';
import { BksbAccountService, CreatedAccount } from '../services/bksb-account.service';
import { BksbInviteService } from '../services/bksb-invite.service';
import { BksbPersonPanelService, LatestResults, PersonPanel } from '../views/bksb-person-panel.service';
import { BksbRefreshService } from '../views/bksb-refresh.service';
import { PersonTypePipe } from './person-type.pipe';

@ApiTags('bksb')
@ApiBearerAuth()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('api/integrations/bksb/:personType/:id')
export class BksbPeopleController {
  constructor(
    private readonly accounts: BksbAccountService,
    private readonly invites: BksbInviteService,
    private readonly panels: BksbPersonPanelService,
    private readonly refresher: BksbRefreshService,
  ) {}

  @Get()
  panel(@OrganisationId() organisationId: string, @Param('personType', PersonTypePipe) type: PersonType, @Param('id') id: string): Promise<PersonPanel> {
    return this.panels.panel(organisationId, type, id);
  }

  @Post('account')
  create(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @Body() body: CreateBksbAccountDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CreatedAccount> {
    return this.accounts.create(organisationId, type, id, body.username, user);
  }

  @Put('account')
  link(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @Body() body: LinkBksbAccountDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ username: string; bksbUserId: number }> {
    return this.accounts.linkExisting(organisationId, type, id, body.username, user);
  }

  @Delete('account')
  @HttpCode(204)
  unlink(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<void> {
    return this.accounts.unlink(organisationId, type, id, user);
  }

  @Post('results/refresh')
  @HttpCode(200)
  refresh(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ imported: number; latest: LatestResults }> {
    return this.refresher.refresh(organisationId, type, id, user);
  }

  /** Queues the login details email; the person view's `account.loginDetails` tells when it is sent. */
  @Post('invite')
  @HttpCode(200)
  invite(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ queued: true; to: string }> {
    return this.invites.invite(organisationId, type, id, user);
  }
}
