import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Clock, OrganisationId, Pages, PEOPLE_DIRECTORY, PeopleDirectory, RequiresLicence, Roles, syncWindowStart, WebRequest } from '@picsweb/common';
import type { Response } from 'express';
import { BksbSyncRunStore } from '../../sync/bksb-sync-run.store';
import { namedFailures } from '../../views/run-failures';
import { SyncRunPage, SyncRunsPage } from './sync-runs-pages';

const RUNS_LISTED = 50;

@ApiExcludeController()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('integrations/bksb/sync-runs')
export class BksbSyncPagesController {
  constructor(
    private readonly runs: BksbSyncRunStore,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
    private readonly clock: Clock,
    private readonly pages: Pages,
  ) {}

  @Get()
  async list(@OrganisationId() organisationId: string, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const [runs, queued] = await Promise.all([this.runs.list(organisationId, RUNS_LISTED), this.runs.queued(organisationId)]);
    this.pages.send(request, response, <SyncRunsPage runs={runs} queued={queued} />, { title: 'bksb sync runs' });
  }

  @Get(':id')
  async run(@OrganisationId() organisationId: string, @Param('id') id: string, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const [run, queued] = await Promise.all([this.runs.get(organisationId, id), this.runs.queued(organisationId)]);
    const failures = await namedFailures(this.people, organisationId, syncWindowStart(this.clock.now()), run.failures);
    this.pages.send(request, response, <SyncRunPage run={run} failures={failures} queued={queued} />, { title: 'bksb sync run' });
  }
}
