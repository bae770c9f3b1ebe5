import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { OrganisationId, RequiresLicence, Roles, WholeNumberQuery } from '@picsweb/common';
import { BksbSettingsService } from '../services/bksb-settings.service';
import { BksbSyncRunStore, SyncRequestView, SyncRunView } from '../sync/bksb-sync-run.store';
import { BksbSyncService } from '../sync/bksb-sync.service';

class SyncRunsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @WholeNumberQuery(1, 100)
  limit?: number;
}

@ApiTags('bksb')
@ApiBearerAuth()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('api/integrations/bksb')
export class BksbSyncController {
  constructor(
    private readonly sync: BksbSyncService,
    private readonly runs: BksbSyncRunStore,
    private readonly settings: BksbSettingsService,
  ) {}

  /**
   * Requests a sync of everyone in this organisation now: it starts at once unless a run
   * is going, and then waits queued behind it (never dropped). Presses that arrive
   * together answer one request.
   */
  @Post('sync')
  @HttpCode(202)
  async start(@OrganisationId() organisationId: string): Promise<{ requestId: string; runId: string | null; status: SyncRequestView['status'] }> {
    await this.settings.requireEnabled(organisationId);
    const request = await this.sync.request(organisationId, 'manual');
    return { requestId: request.id, runId: request.runId, status: request.status };
  }

  @Get('sync-requests/:id')
  request(@OrganisationId() organisationId: string, @Param('id') id: string): Promise<SyncRequestView> {
    return this.runs.requestView(organisationId, id);
  }

  @Get('sync-runs')
  list(@OrganisationId() organisationId: string, @Query() query: SyncRunsQueryDto): Promise<SyncRunView[]> {
    return this.runs.list(organisationId, query.limit ?? 20);
  }

  @Get('sync-runs/:id')
  get(@OrganisationId() organisationId: string, @Param('id') id: string): Promise<SyncRunView> {
    return this.runs.get(organisationId, id);
  }
}
