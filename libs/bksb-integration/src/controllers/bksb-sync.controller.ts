import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { OrganisationId, RequiresLicence, Roles, WholeNumberQuery } from '@picsweb/common';
import { BksbSettingsService } from '../services/bksb-settings.service';
import { BksbSyncRunStore, SyncRunView } from '../sync/bksb-sync-run.store';
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

  /** Starts a sync of this organisation now; while one runs (or another start wins the race), answers that run's id. */
  @Post('sync')
  @HttpCode(202)
  async start(@OrganisationId() organisationId: string): Promise<{ runId: string }> {
    await this.settings.requireEnabled(organisationId);
    return { runId: (await this.sync.start(organisationId, 'manual')).run.id };
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
