import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthenticatedUser, checkForm, CurrentUser, Pages, Roles, WebRequest, withLabels } from '@picsweb/common';
import type { Response } from 'express';
import { CreateOrganisationDto } from '../../organisations/dto/organisation.dto';
import { OrganisationsService } from '../../organisations/organisations.service';
import { OrganisationsPage, RevokeLicencePage } from './organisations-page';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('No organisation with that id.') });

@ApiExcludeController()
@Roles('support')
@Controller('support/organisations')
export class OrganisationsPagesController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async list(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const organisations = await this.organisations.list();
    this.pages.send(request, response, <OrganisationsPage organisations={organisations} name="" errors={[]} />, { title: 'Organisations' });
  }

  @Post()
  async create(@Body() form: Record<string, unknown>, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const checked = await checkForm(CreateOrganisationDto, { name: form.name ?? '' });
    if (!checked.ok) {
      const organisations = await this.organisations.list();
      const errors = withLabels(checked.errors, { name: 'Organisation name' });
      const page = <OrganisationsPage organisations={organisations} name={String(form.name ?? '')} errors={errors} />;
      return this.pages.send(request, response, page, { title: 'Organisations', status: 400 });
    }
    const organisation = await this.organisations.create(checked.value.name);
    this.pages.redirect(response, '/support/organisations', `Added ${organisation.name}.`);
  }

  /** Switching on happens at once; switching off asks first. */
  @Post(':organisationId/licences/bksb')
  async setLicence(
    @Param('organisationId', uuid) organisationId: string,
    @Body() form: Record<string, unknown>,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const enabled = form.enabled === 'true';
    const organisation = await this.organisations.view(organisationId);
    if (!enabled && organisation.licences.bksb && form.confirmed !== 'true') {
      return this.pages.send(request, response, <RevokeLicencePage organisation={organisation} />, { title: 'Revoke licence' });
    }
    const changed = await this.organisations.setLicence(organisationId, 'bksb', enabled, user.email);
    this.pages.redirect(response, '/support/organisations', `The bksb licence of ${changed.name} is ${enabled ? 'on' : 'off'}.`);
  }
}
