import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, OrganisationId, RequiresLicence, Roles } from '@picsweb/common';
import { BksbBulkActionService } from '../bulk/bksb-bulk-action.service';
import { BksbBulkJobStore, BulkJobView } from '../bulk/bksb-bulk-job.store';
import { AllPeopleDto, BulkPersonRefDto, StartBulkActionDto } from '../dto/start-bulk-action.dto';

@ApiTags('bksb')
@ApiBearerAuth()
@ApiExtraModels(BulkPersonRefDto, AllPeopleDto)
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('api/integrations/bksb/bulk-actions')
export class BksbBulkActionsController {
  constructor(
    private readonly bulk: BksbBulkActionService,
    private readonly jobs: BksbBulkJobStore,
  ) {}

  /** Starts a bulk action in the background; 409 while another runs for the organisation. */
  @Post()
  @HttpCode(202)
  async start(@OrganisationId() organisationId: string, @Body() body: StartBulkActionDto, @CurrentUser() user: AuthenticatedUser): Promise<{ id: string }> {
    return { id: (await this.bulk.start(organisationId, body.action, body.people, user)).id };
  }

  /** Progress and each person's outcome so far. */
  @Get(':id')
  get(@OrganisationId() organisationId: string, @Param('id') id: string): Promise<BulkJobView> {
    return this.jobs.view(organisationId, id);
  }
}
