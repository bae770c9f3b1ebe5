import { Choice, DateInput, DateParts, Empty, ErrorSummary, FieldError, Page, SelectField, TableScroll, UkDate, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { PERSON_TYPE_LABELS, SKILL_BUCKET_LABELS, SUBJECT_LABELS } from '../../labels/bksb-labels';
import { SKILL_BUCKETS, SkillBucket } from '../../rules/skill-gaps';
import { ComponentCounts, PersonInCell, SkillsCohort } from '../../views/bksb-skills.service';
import { SUMMARY_PATH } from '../bksb-paths';
import { ChosenPeople } from '../chosen-people';
import { SkillsHeatMap } from './skills-heat-map';

/** The filters as typed (kept as they were when they have a problem). */
export interface SkillsFilterValues {
  personType: string;
  subject: string;
  from: DateParts;
  to: DateParts;
}

/** The people behind one number of the table, a page at a time. */
export interface ChosenCell {
  component: string;
  bucket: SkillBucket | 'gaps';
  people: Page<PersonInCell>;
  pageHref: (page: number) => string;
}

export interface SkillsPageProps {
  filters: SkillsFilterValues;
  errors: FieldError[];
  /** The figures; null when the filters have a problem. */
  cohort: SkillsCohort | null;
  /** Where a number of the table lists its people. */
  cellHref: (component: string, bucket: SkillBucket | 'gaps') => string;
  chosen: ChosenCell | null;
  csvHref: string;
  formAction: string;
}

const WHO_CHOICES: Choice[] = [
  { value: 'learner', label: 'Learners' },
  { value: 'applicant', label: 'Applicants' },
];
const SUBJECT_CHOICES: Choice[] = (['english', 'maths', 'ict'] as const).map((key) => ({ value: key, label: SUBJECT_LABELS[key] }));
const cellLabel = (bucket: SkillBucket | 'gaps') => (bucket === 'gaps' ? 'below the level assessed' : `at ${SKILL_BUCKET_LABELS[bucket]}`);

function Filters({ filters, errors, action }: { filters: SkillsFilterValues; errors: FieldError[]; action: string }): VNode {
  return (
    <form method="get" action={action} class="filters" aria-label="Choose whom and which subject to count" noValidate>
      <SelectField name="personType" label="Who" value={filters.personType} choices={WHO_CHOICES} errors={errors} />
      <SelectField name="subject" label="Subject" value={filters.subject} choices={SUBJECT_CHOICES} errors={errors} />
      <DateInput name="from" legend="Diagnostic done from" hint="For example, 1 9 2026" value={filters.from} errors={errors} />
      <DateInput name="to" legend="Diagnostic done to" hint="For example, 31 10 2026" value={filters.to} errors={errors} />
      <button type="submit" class="secondary">
        Show
      </button>
    </form>
  );
}

function Scope({ cohort }: { cohort: SkillsCohort }): VNode {
  const { selection } = cohort;
  const people = PERSON_TYPE_LABELS[selection.personType].many.toLowerCase();
  return (
    <p>
      {`${cohort.people} ${people} the sync checks have a finished ${cohort.subject} diagnostic`}
      {selection.from && (
        <>
          {' done from '}
          <UkDate date={selection.from} />
        </>
      )}
      {selection.to && (
        <>
          {selection.from ? ' to ' : ' done to '}
          <UkDate date={selection.to} />
        </>
      )}
      {`; each is counted by their latest. ${cohort.noBreakdown > 0 ? `bksb gave no breakdown for ${cohort.noBreakdown} of them. ` : ''}Choose a number to list those people.`}
    </p>
  );
}

function CountCell({ component, bucket, count, href, chosen }: { component: string; bucket: SkillBucket | 'gaps'; count: number; href: string; chosen: boolean }): VNode {
  if (count === 0) return <td>0</td>;
  return (
    <td class={chosen ? 'chosen' : undefined}>
      <a href={href} aria-current={chosen ? 'true' : undefined}>
        {String(count)}
        <span class="visually-hidden">{` ${cellLabel(bucket)} in ${component}: list them`}</span>
      </a>
    </td>
  );
}

function Figures({ components, cellHref, chosen }: { components: ComponentCounts[]; cellHref: SkillsPageProps['cellHref']; chosen: ChosenCell | null }): VNode {
  const isChosen = (component: string, bucket: SkillBucket | 'gaps') => chosen?.component === component && chosen.bucket === bucket;
  return (
    <section class="skills-figures" aria-labelledby="skills-heading">
      <h2 id="skills-heading">Components by level, most gaps first</h2>
      <div class="skills-heat-map-box" aria-hidden="true">
        <SkillsHeatMap components={components} />
      </div>
      <TableScroll label="Components by level">
        <table class="skills-table">
          <caption class="visually-hidden">People at each level in each component, most gaps first. Each number lists those people.</caption>
          <thead>
            <tr>
              <th scope="col">Component</th>
              {SKILL_BUCKETS.map((bucket) => (
                <th scope="col" key={bucket}>
                  {SKILL_BUCKET_LABELS[bucket]}
                </th>
              ))}
              <th scope="col">Gaps</th>
            </tr>
          </thead>
          <tbody>
            {components.map((component) => (
              <tr key={component.name}>
                <th scope="row">{component.name}</th>
                {SKILL_BUCKETS.map((bucket) => (
                  <CountCell
                    key={bucket}
                    component={component.name}
                    bucket={bucket}
                    count={component.counts[bucket]}
                    href={cellHref(component.name, bucket)}
                    chosen={isChosen(component.name, bucket)}
                  />
                ))}
                <CountCell component={component.name} bucket="gaps" count={component.gaps} href={cellHref(component.name, 'gaps')} chosen={isChosen(component.name, 'gaps')} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p class="hint">Gaps: measured below the level the diagnostic assessed, or under 50%. Other: a percentage, or bksb's words that name no level.</p>
    </section>
  );
}

function ChosenCellPeople({ chosen, cohort }: { chosen: ChosenCell; cohort: SkillsCohort }): VNode {
  return (
    <ChosenPeople
      heading={`${chosen.component}: ${cellLabel(chosen.bucket)} (${chosen.people.total} ${PERSON_TYPE_LABELS[cohort.selection.personType].many.toLowerCase()})`}
      people={chosen.people}
      pageHref={chosen.pageHref}
      columns={[
        { header: 'Measured by bksb', cell: (person) => person.measured || 'Not measured' },
        { header: 'Diagnostic done', cell: (person) => <UkTime at={person.measuredAt} /> },
      ]}
    />
  );
}

/** What the cohort lacks: per subject, each curriculum component by level from the latest diagnostics, most gaps first. */
export function SkillsPage(props: SkillsPageProps): VNode {
  return (
    <div class="bksb-skills-page">
      <p class="breadcrumb">
        <a href={SUMMARY_PATH}>bksb Summary</a>
      </p>
      <div class="page-heading">
        <h1>Skills</h1>
        {props.cohort && (
          <a href={props.csvHref} download>
            Download CSV
          </a>
        )}
      </div>
      <ErrorSummary errors={props.errors} />
      <Filters filters={props.filters} errors={props.errors} action={props.formAction} />
      {props.cohort && (
        <>
          <Scope cohort={props.cohort} />
          {props.cohort.components.length === 0 ? (
            <Empty>No diagnostic with a breakdown from bksb for these people yet.</Empty>
          ) : (
            <Figures components={props.cohort.components} cellHref={props.cellHref} chosen={props.chosen} />
          )}
          {props.chosen && <ChosenCellPeople chosen={props.chosen} cohort={props.cohort} />}
        </>
      )}
    </div>
  );
}
