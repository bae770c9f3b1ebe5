import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OrganisationId, Page, PageQueryDto, RequiresLicence, Roles } from '@picsweb/common';
import { BksbUnmatchedService, UnmatchedPerson } from '../services/bksb-unmatched.service';

@ApiTags('bksb')
@ApiBearerAuth()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('api/integrations/bksb/unmatched')
export class BksbUnmatchedController {
  constructor(private readonly unmatched: BksbUnmatchedService) {}

  @Get()
  list(@OrganisationId() organisationId: string, @Query() query: PageQueryDto): Promise<Page<UnmatchedPerson>> {
    return this.unmatched.list(organisationId, query);
  }
}
