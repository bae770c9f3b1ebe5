import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { checkForm, Clock, dateQuery, datePartsOf, FieldError, fieldErrorsOf, OrganisationId, Pages, readDateParts, RequiresLicence, Roles, sendCsv, wantsCsv, WebRequest, withLabels } from '@picsweb/common';
import type { Response } from 'express';
import { SkillsPageQueryDto } from '../../dto/bksb-insights-query.dto';
import { SkillBucket } from '../../rules/skill-gaps';
import { csvFileName, skillsCsv } from '../../views/bksb-csv-exports';
import { BksbSkillsService, SkillsCohort } from '../../views/bksb-skills.service';
import { skillsPath } from '../bksb-paths';
import { SkillsFilterValues, SkillsPage } from './skills-page';

const TITLE = 'Skills';
const PEOPLE_PAGE_SIZE = 25;
/** The filters' labels, which name the fields in messages. */
const FILTER_LABELS = { personType: 'Who', subject: 'Subject', from: 'Diagnostic done from', to: 'Diagnostic done to' };
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The filters as query values, for links that keep them. */
const filterQuery = (filters: SkillsFilterValues) => ({ personType: filters.personType, subject: filters.subject, ...dateQuery('from', filters.from), ...dateQuery('to', filters.to) });

/** What the cohort lacks: heat map and table of one subject's components, the people behind a number, and the download. */
@ApiExcludeController()
@RequiresLicence('bksb')
@Roles('admin', 'staff')
@Controller('integrations/bksb/skills')
export class BksbSkillsPagesController {
  constructor(
    private readonly skills: BksbSkillsService,
    private readonly clock: Clock,
    private readonly pages: Pages,
  ) {}

  @Get()
  async skillsPage(@OrganisationId() organisationId: string, @Query() raw: Record<string, unknown>, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const filters: SkillsFilterValues = { personType: text(raw.personType) || 'learner', subject: text(raw.subject) || 'english', from: datePartsOf(raw, 'from'), to: datePartsOf(raw, 'to') };
    const from = readDateParts(filters.from, FILTER_LABELS.from);
    const to = readDateParts(filters.to, FILTER_LABELS.to);
    const dateErrors = [from.error && { field: 'from', message: from.error }, to.error && { field: 'to', message: to.error }].filter((e): e is FieldError => Boolean(e));
    if (dateErrors.length > 0) return this.sendProblem(request, response, filters, dateErrors);
    const checked = await checkForm(SkillsPageQueryDto, { personType: raw.personType, subject: raw.subject, from: from.date, to: to.date, component: raw.component, level: raw.level, page: raw.page });
    if (!checked.ok) return this.sendProblem(request, response, filters, checked.errors);
    const { component, level, page } = checked.value;
    const cell = component && level ? { component, bucket: level, page: page ?? 1, pageSize: PEOPLE_PAGE_SIZE } : undefined;
    let cohort: SkillsCohort;
    try {
      cohort = await this.skills.cohort(organisationId, checked.value, cell);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return this.sendProblem(request, response, filters, errors);
    }
    if (wantsCsv(request)) {
      return sendCsv(response, csvFileName(`skills-${cohort.selection.subject}-${cohort.selection.personType}s`, this.clock.now()), skillsCsv(cohort.components));
    }
    const query = filterQuery(filters);
    const cellHref = (name: string, bucket: SkillBucket | 'gaps') => skillsPath({ ...query, component: name, level: bucket }, 'people');
    const view = (
      <SkillsPage
        filters={filters}
        errors={[]}
        cohort={cohort}
        cellHref={cellHref}
        chosen={cell && cohort.cell ? { component: cell.component, bucket: cell.bucket, people: cohort.cell, pageHref: (to) => skillsPath({ ...query, component: cell.component, level: cell.bucket, page: to }, 'people') } : null}
        csvHref={skillsPath({ ...query, format: 'csv' })}
        formAction={skillsPath()}
      />
    );
    this.pages.send(request, response, view, { title: TITLE });
  }

  /** The filters again with each message beside its field; no figures until they are right. */
  private sendProblem(request: WebRequest, response: Response, filters: SkillsFilterValues, errors: FieldError[]): void {
    const view = <SkillsPage filters={filters} errors={withLabels(errors, FILTER_LABELS)} cohort={null} cellHref={() => ''} chosen={null} csvHref="" formAction={skillsPath()} />;
    this.pages.send(request, response, view, { title: TITLE, status: 400 });
  }
}
