import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  checkForm,
  Clock,
  DateParts,
  datePartsOf,
  fieldErrorsOf,
  FieldError,
  OrganisationId,
  Pages,
  readDateParts,
  RequiresLicence,
  Roles,
  sendCsv,
  wantsCsv,
  WebRequest,
  withLabels,
} from '@picsweb/common';
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
const DATE_BOXES = ['fromDay', 'fromMonth', 'fromYear', 'toDay', 'toMonth', 'toYear'];
/** The query without the date boxes, which the API's checks do not know (they see from and to). */
const withoutDateBoxes = (raw: Record<string, unknown>) => Object.fromEntries(Object.entries(raw).filter(([name]) => !DATE_BOXES.includes(name)));
/** A YYYY-MM-DD of the page's own links as the boxes show it (7, 3, 2026). */
const boxesOf = (date: string | undefined): DateParts => {
  const [year, month, day] = (date ?? '').split('-');
  return day ? { day: String(Number(day)), month: String(Number(month)), year } : { day: '', month: '', year: '' };
};

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
    // The date range comes from the form's day, month and year boxes, or as YYYY-MM-DD from the page's own links.
    const boxes = { from: datePartsOf(raw, 'from'), to: datePartsOf(raw, 'to') };
    const read = { from: readDateParts(boxes.from, FILTER_LABELS.from), to: readDateParts(boxes.to, FILTER_LABELS.to) };
    const typed = (name: 'from' | 'to') => Boolean(boxes[name].day || boxes[name].month || boxes[name].year);
    const query = { ...withoutDateBoxes(raw), from: read.from.date ?? (text(raw.from) || undefined), to: read.to.date ?? (text(raw.to) || undefined) };
    const filters: LevelsFilterValues = {
      personType: text(raw.personType) || 'learner',
      measure: text(raw.measure) || 'latest',
      from: typed('from') ? boxes.from : boxesOf(query.from),
      to: typed('to') ? boxes.to : boxesOf(query.to),
    };
    const dateErrors = (['from', 'to'] as const).flatMap((name) => (read[name].error ? [{ field: name, message: read[name].error }] : []));
    if (dateErrors.length > 0) return this.sendProblem(request, response, filters, dateErrors);
    const checked = await checkForm(LevelsPageQueryDto, query);
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
