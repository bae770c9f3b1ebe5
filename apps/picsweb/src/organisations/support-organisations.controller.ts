import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, LicenceName, LICENCES, Roles } from '@picsweb/common';
import { CreateOrganisationDto, SetLicenceDto } from './dto/organisation.dto';
import { OrganisationsService, OrganisationView } from './organisations.service';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('No organisation with that id.') });

@ApiTags('support')
@ApiBearerAuth()
@Roles('support')
@Controller('api/support/organisations')
export class SupportOrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  list(): Promise<OrganisationView[]> {
    return this.organisations.list();
  }

  @Post()
  async create(@Body() body: CreateOrganisationDto): Promise<OrganisationView> {
    const organisation = await this.organisations.create(body.name);
    return this.organisations.view(organisation.id);
  }

  @Put(':organisationId/licences/:licence')
  setLicence(
    @Param('organisationId', uuid) organisationId: string,
    @Param('licence') licence: string,
    @Body() body: SetLicenceDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<OrganisationView> {
    if (!(LICENCES as readonly string[]).includes(licence)) {
      throw new NotFoundException(`No licence named "${licence}". Licences: ${LICENCES.join(', ')}.`);
    }
    return this.organisations.setLicence(organisationId, licence as LicenceName, body.enabled, user.email);
  }
}
