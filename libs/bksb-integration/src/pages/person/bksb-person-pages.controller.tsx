import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AuthenticatedUser,
  checkForm,
  Clock,
  CurrentUser,
  FieldError,
  Flash,
  OrganisationId,
  personPagePath,
  Pages,
  PersonType,
  RequiresLicence,
  Roles,
  safeLocalPath,
  WebRequest,
  withLabels,
} from '@picsweb/common';
import type { Response } from 'express';
import { PersonTypePipe } from '../../controllers/person-type.pipe';
import { LinkBksbAccountDto } from '../../dto/bksb-account.dto';
import { BksbAccountService } from '../../services/bksb-account.service';
import { BksbInviteService } from '../../services/bksb-invite.service';
import { BksbRefreshService } from '../../views/bksb-refresh.service';
import { BksbSettingsService, INTEGRATION_OFF } from '../../services/bksb-settings.service';
import { ACCOUNT_LABELS } from '../../labels/bksb-labels';
import { createPlan, fullName } from './account-status';
import { personActionPath } from '../bksb-paths';
import { CreateAccountPage, LinkAccountPage, UnlinkAccountPage } from './bksb-person-pages';

type Form = Record<string, unknown>;

const plural = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;

/**
 * The person panel's actions: create (after a confirmation), link, send login details,
 * get latest results, unlink (after a confirmation). Each returns to the person's page,
 * or to `back` (the unmatched report); a refusal from the service is shown, never a 500.
 */
@ApiExcludeController()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('integrations/bksb/:personType/:id')
export class BksbPersonPagesController {
  constructor(
    private readonly accounts: BksbAccountService,
    private readonly invites: BksbInviteService,
    private readonly refresher: BksbRefreshService,
    private readonly settings: BksbSettingsService,
    private readonly clock: Clock,
    private readonly pages: Pages,
  ) {}

  @Get('create')
  async createConfirmation(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @Query('back') back: unknown,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const person = await this.accounts.person(organisationId, type, id);
    const [settings, link] = await Promise.all([this.settings.view(organisationId), this.accounts.link(organisationId, id)]);
    const plan = settings.integrationEnabled ? createPlan(person, link, this.clock.now()) : { reason: INTEGRATION_OFF };
    const page = (
      <CreateAccountPage
        name={fullName(person)}
        email={person.email}
        plan={plan}
        sendsLoginDetails={settings.autoSendLoginDetails}
        action={personActionPath(type, id, 'create')}
        back={backTo(back, type, id)}
      />
    );
    this.pages.send(request, response, page, { title: 'Create bksb account' });
  }

  @Post('create')
  async create(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Body() form: Form,
    @Res() response: Response,
  ): Promise<void> {
    const person = await this.accounts.person(organisationId, type, id);
    await this.act(response, backTo(form.back, type, id), async () => {
      const created = await this.accounts.create(organisationId, type, id, undefined, user);
      const mail = created.loginDetailsQueued
        ? `The login details email to ${person.email} is queued: the panel shows when it is sent.`
        : 'The login details were not emailed (Auto Send Login Details is off): use Send login details.';
      return `Created the bksb account ${created.username} for ${fullName(person)}. ${mail}`;
    });
  }

  @Post('link')
  async link(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Body() form: Form,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const person = await this.accounts.person(organisationId, type, id);
    const back = backTo(form.back, type, id);
    const typed = typeof form.username === 'string' ? form.username : '';
    const sendForm = (errors: FieldError[], status: number) => {
      const page = (
        <LinkAccountPage name={fullName(person)} username={typed} errors={withLabels(errors, ACCOUNT_LABELS)} action={personActionPath(type, id, 'link')} back={back} />
      );
      this.pages.send(request, response, page, { title: 'Link existing account', status });
    };
    const checked = await checkForm(LinkBksbAccountDto, { username: typed });
    if (!checked.ok) return sendForm(checked.errors, 400);
    try {
      const linked = await this.accounts.linkExisting(organisationId, type, id, checked.value.username, user);
      this.pages.redirect(response, back, `Linked the bksb user ${linked.username} to ${fullName(person)}.`);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      sendForm([{ field: 'username', message: error.message }], error.getStatus());
    }
  }

  @Post('invite')
  async invite(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Body() form: Form,
    @Res() response: Response,
  ): Promise<void> {
    await this.accounts.person(organisationId, type, id);
    await this.act(response, backTo(form.back, type, id), async () => {
      const queued = await this.invites.invite(organisationId, type, id, user);
      return `Queued the bksb login details for ${queued.to}: the panel shows when they are sent.`;
    });
  }

  @Post('refresh')
  async refresh(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Body() form: Form,
    @Res() response: Response,
  ): Promise<void> {
    await this.accounts.person(organisationId, type, id);
    await this.act(response, backTo(form.back, type, id), async () => {
      const { imported } = await this.refresher.refresh(organisationId, type, id, user);
      return imported === 0 ? 'bksb has no new results.' : `Imported ${plural(imported, 'new result')} from bksb.`;
    });
  }

  @Get('unlink')
  async unlinkConfirmation(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @Query('back') back: unknown,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const person = await this.accounts.person(organisationId, type, id);
    const link = await this.accounts.link(organisationId, id);
    const backPath = backTo(back, type, id);
    if (!link || link.state === 'claimed') return this.pages.redirect(response, backPath, { text: `${fullName(person)} has no bksb account linked.`, problem: true });
    const page = <UnlinkAccountPage name={fullName(person)} username={link.username} action={personActionPath(type, id, 'unlink')} back={backPath} />;
    this.pages.send(request, response, page, { title: 'Unlink bksb account' });
  }

  @Post('unlink')
  async unlink(
    @OrganisationId() organisationId: string,
    @Param('personType', PersonTypePipe) type: PersonType,
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Body() form: Form,
    @Res() response: Response,
  ): Promise<void> {
    const person = await this.accounts.person(organisationId, type, id);
    await this.act(response, backTo(form.back, type, id), async () => {
      await this.accounts.unlink(organisationId, type, id, user);
      return `Unlinked the bksb account of ${fullName(person)}. Their imported results are kept.`;
    });
  }

  /** Runs an action and goes back with what was done, or with the service's refusal as a problem. */
  private async act(response: Response, back: string, action: () => Promise<string>): Promise<void> {
    let flash: Flash;
    try {
      flash = { text: await action() };
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      flash = { text: error.message, problem: true };
    }
    this.pages.redirect(response, back, flash);
  }
}

/** Where an action returns: a local path it was given (the unmatched report), else the person's page. */
const backTo = (back: unknown, type: PersonType, id: string): string => safeLocalPath(back, personPagePath(type, id));
