import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, OrganisationId, RequiresLicence, Roles } from '@picsweb/common';
import { TestConnectionDto, UpdateBksbSettingsDto } from '../dto/update-bksb-settings.dto';
import { BksbConnectionService, ConnectionTestResult } from '../services/bksb-connection.service';
import { BksbSettingsService, BksbSettingsView } from '../services/bksb-settings.service';

@ApiTags('bksb')
@ApiBearerAuth()
@RequiresLicence('bksb')
@Roles('admin')
@Controller('api/integrations/bksb/settings')
export class BksbSettingsController {
  constructor(
    private readonly settings: BksbSettingsService,
    private readonly connection: BksbConnectionService,
  ) {}

  @Get()
  get(@OrganisationId() organisationId: string): Promise<BksbSettingsView> {
    return this.settings.view(organisationId);
  }

  @Put()
  update(
    @OrganisationId() organisationId: string,
    @Body() body: UpdateBksbSettingsDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BksbSettingsView & { warnings: string[] }> {
    return this.settings.update(organisationId, body, user.email);
  }

  @Post('test-connection')
  @HttpCode(200)
  testConnection(@OrganisationId() organisationId: string, @Body() body: TestConnectionDto): Promise<ConnectionTestResult> {
    return this.connection.test(organisationId, body);
  }
}
