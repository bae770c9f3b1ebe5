import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OrganisationId, RequiresLicence, Roles } from '@picsweb/common';
import { BksbSummary, BksbSummaryService } from '../views/bksb-summary.service';

@ApiTags('bksb')
@ApiBearerAuth()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('api/integrations/bksb')
export class BksbSummaryController {
  constructor(private readonly summaries: BksbSummaryService) {}

  @Get('summary')
  summary(@OrganisationId() organisationId: string): Promise<BksbSummary> {
    return this.summaries.summary(organisationId);
  }
}
