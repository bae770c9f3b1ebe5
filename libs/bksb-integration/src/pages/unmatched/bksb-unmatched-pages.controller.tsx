import { Body, ConflictException, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthenticatedUser, checkForm, Clock, countOf, CurrentUser, OrganisationId, Pages, RequiresLicence, Roles, sendCsv, wantsCsv, WebRequest } from '@picsweb/common';
import type { Response } from 'express';
import { BksbBulkActionService, BULK_ACTION_LABELS } from '../../bulk/bksb-bulk-action.service';
import { BksbBulkJobStore } from '../../bulk/bksb-bulk-job.store';
import { UnmatchedQueryDto } from '../../dto/bksb-insights-query.dto';
import { StartBulkActionDto } from '../../dto/start-bulk-action.dto';
import { csvFileName, unmatchedCsv } from '../../views/bksb-csv-exports';
import { BksbUnmatchedService } from '../../views/bksb-unmatched.service';
import { BulkJobPage } from '../bulk/bulk-job-page';
import { bulkJobPath, unmatchedPath } from '../bksb-paths';
import { bulkFormErrors, bulkFormInput } from './bulk-form';
import { UnmatchedPage, UnmatchedPageProps } from './unmatched-page';

/** Each row may cost a look-up in bksb (remembered for a day), so pages are short. */
const PAGE_SIZE = 25;

const plural = (count: number) => countOf(count, 'person', 'people');

/** The unmatched report, its bulk actions, and each bulk action's page of progress and outcomes. */
@ApiExcludeController()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('integrations/bksb')
export class BksbUnmatchedPagesController {
  constructor(
    private readonly unmatched: BksbUnmatchedService,
    private readonly bulk: BksbBulkActionService,
    private readonly jobs: BksbBulkJobStore,
    private readonly clock: Clock,
    private readonly pages: Pages,
  ) {}

  /** The report, or with `?format=csv` everyone on it as a download, sent as it is read (without suggestions, so without calls to bksb). */
  @Get('unmatched')
  async list(@OrganisationId() organisationId: string, @Query() query: UnmatchedQueryDto, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    if (wantsCsv(request)) return sendCsv(response, csvFileName('unmatched', this.clock.now()), unmatchedCsv(this.unmatched.everyone(organisationId)));
    await this.sendReport(organisationId, query.page ?? 1, request, response);
  }

  /** The report's bulk form: starts the job and shows its page; a refusal shows the report again with the message. */
  @Post('bulk-actions')
  async start(
    @OrganisationId() organisationId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Body() form: Record<string, unknown>,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const input = bulkFormInput(form);
    const page = Number(form.page) >= 1 ? Math.floor(Number(form.page)) : 1;
    const checked = await checkForm(StartBulkActionDto, input.body);
    const errors = bulkFormErrors(input, checked.ok ? [] : checked.errors);
    if (!checked.ok || errors.length > 0) {
      return this.sendReport(organisationId, page, request, response, { errors, chosen: input.chosen, scope: input.scope });
    }
    try {
      const job = await this.bulk.start(organisationId, checked.value.action, checked.value.people, user);
      this.pages.redirect(response, bulkJobPath(job.id), { text: `${BULK_ACTION_LABELS[job.action]} has started for ${plural(job.total)}.`, info: true });
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      const running = error instanceof ConflictException ? await this.jobs.running(organisationId) : null;
      // Another job is running: its page is the useful place to be.
      this.pages.redirect(response, running ? bulkJobPath(running.id) : unmatchedPath(page), { text: error.message, problem: true });
    }
  }

  @Get('bulk-actions/:id')
  async job(@OrganisationId() organisationId: string, @Param('id') id: string, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const job = await this.jobs.view(organisationId, id);
    this.pages.send(request, response, <BulkJobPage job={job} />, { title: BULK_ACTION_LABELS[job.action] });
  }

  private async sendReport(organisationId: string, page: number, request: WebRequest, response: Response, bulk?: UnmatchedPageProps['bulk']): Promise<void> {
    let report: UnmatchedPageProps['report'];
    let status = bulk ? 400 : 200;
    try {
      report = { people: await this.unmatched.list(organisationId, { page, pageSize: PAGE_SIZE }) };
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      report = { problem: error.message };
      status = error.getStatus();
    }
    const latestJob = await this.jobs.latest(organisationId);
    this.pages.send(request, response, <UnmatchedPage report={report} latestJob={latestJob} bulk={bulk} />, {
      title: 'People without a bksb account',
      status,
    });
  }
}
