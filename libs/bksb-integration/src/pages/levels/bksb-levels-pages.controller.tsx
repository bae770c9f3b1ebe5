import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { checkForm, Clock, csvDownload, fieldErrorsOf, FieldError, OrganisationId, Pages, RequiresLicence, Roles, wantsCsv, WebRequest, withLabels } from '@picsweb/common';
import type { Response } from 'express';
import { LevelsPageQueryDto } from '../../dto/bksb-insights-query.dto';
import { csvFileName, levelsCsv } from '../../services/bksb-csv-exports';
import { BksbLevelsService, Cohort } from '../../services/bksb-levels.service';
import { levelsPath } from '../insights-paths';
import { LevelsFilterValues, LevelsPage } from './levels-page';
import { chartsOf, chosenBarOf, selectionQuery } from './levels-view';

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
    let cohort: Cohort;
    try {
      if (!checked.ok) return this.sendProblem(request, response, filters, checked.errors);
      cohort = await this.levels.cohort(organisationId, checked.value);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return this.sendProblem(request, response, filters, errors);
    }
    if (wantsCsv(request)) {
      csvDownload(response, csvFileName(`levels-${cohort.selection.personType}s`, this.clock.now()));
      response.send(levelsCsv(cohort));
      return;
    }
    const { subject, level, page } = checked.value;
    const view = (
      <LevelsPage
        filters={filters}
        errors={[]}
        selection={cohort.selection}
        counted={cohort.people.length}
        charts={chartsOf(cohort, { subject, level })}
        chosen={subject && level ? chosenBarOf(cohort, subject, level, page ?? 1) : null}
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
