import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { checkForm, Clock, fieldErrorsOf, FieldError, OrganisationId, Pages, RequiresLicence, Roles, sendCsv, wantsCsv, WebRequest, withLabels } from '@picsweb/common';
import type { Response } from 'express';
import { LevelsPageQueryDto } from '../../dto/bksb-insights-query.dto';
import { csvFileName, levelsCsv } from '../../views/bksb-csv-exports';
import { BksbLevelsService, LevelsSelection } from '../../views/bksb-levels.service';
import { levelsPath } from '../bksb-paths';
import { LevelsFilterValues, LevelsPage } from './levels-page';
import { chartsOf, chosenBarOf, PEOPLE_PAGE_SIZE, selectionQuery } from './levels-view';

const TITLE = 'Initial assessment levels';
/** The filters' labels, which name the fields in messages. */
const FILTER_LABELS = { personType: 'Who', measure: 'Count by', from: 'Completed from', to: 'Completed to' };
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The cohort's levels: chart and tables, the people behind a bar, and the download. */
@ApiExcludeController()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('integrations/bksb/levels')
export class BksbLevelsPagesController {
  constructor(
    private readonly levels: BksbLevelsService,
    private readonly clock: Clock,
    private readonly pages: Pages,
  ) {}

  @Get()
  async levelsPage(@OrganisationId() organisationId: string, @Query() raw: Record<string, unknown>, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const filters: LevelsFilterValues = { personType: text(raw.personType) || 'learner', measure: text(raw.measure) || 'latest', from: text(raw.from), to: text(raw.to) };
    const checked = await checkForm(LevelsPageQueryDto, raw);
    if (!checked.ok) return this.sendProblem(request, response, filters, checked.errors);
    let selection: LevelsSelection;
    try {
      selection = this.levels.selection(checked.value);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return this.sendProblem(request, response, filters, errors);
    }
    if (wantsCsv(request)) return sendCsv(response, csvFileName(`levels-${selection.personType}s`, this.clock.now()), levelsCsv(this.levels.everyone(organisationId, selection)));
    const { subject, level, page } = checked.value;
    const bar = subject && level ? { subject, bucket: level, page: page ?? 1, pageSize: PEOPLE_PAGE_SIZE } : undefined;
    const cohort = await this.levels.cohort(organisationId, selection, bar);
    const view = (
      <LevelsPage
        filters={filters}
        errors={[]}
        selection={cohort.selection}
        counted={cohort.counted}
        charts={chartsOf(cohort, { subject, level })}
        chosen={bar && cohort.bar ? chosenBarOf(cohort.selection, bar.subject, bar.bucket, cohort.bar) : null}
        csvHref={levelsPath({ ...selectionQuery(cohort.selection), format: 'csv' })}
        formAction={levelsPath()}
      />
    );
    this.pages.send(request, response, view, { title: TITLE });
  }

  /** The filters again with each message beside its field; no figures until they are right. */
  private sendProblem(request: WebRequest, response: Response, filters: LevelsFilterValues, errors: FieldError[]): void {
    const view = <LevelsPage filters={filters} errors={withLabels(errors, FILTER_LABELS)} selection={null} counted={0} charts={[]} chosen={null} csvHref="" formAction={levelsPath()} />;
    this.pages.send(request, response, view, { title: TITLE, status: 400 });
  }
}
