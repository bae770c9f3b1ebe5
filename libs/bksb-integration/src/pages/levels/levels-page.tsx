import { Choice, DateInput, DateParts, ErrorSummary, FieldError, Page, SelectField, TableScroll, UkDate, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { LevelBucket, LevelledResult } from '../../rules/initial-levels';
import { LevelsSelection, PersonLevels } from '../../views/bksb-levels.service';
import { SUMMARY_PATH } from '../bksb-paths';
import { BUCKET_LABELS, LEVEL_LABELS, MEASURE_LABELS, PERSON_TYPE_LABELS, SUBJECT_LABELS } from '../../labels/bksb-labels';
import { ChosenPeople } from '../chosen-people';
import { ChartBar, LevelsChart } from './levels-chart';
import { SubjectKey } from '../../domain/bksb-domain';

export interface SubjectChart {
  subject: SubjectKey;
  bars: ChartBar[];
}

/** The people behind one bar, a page at a time. */
export interface ChosenBar {
  subject: SubjectKey;
  bucket: LevelBucket;
  people: Page<PersonLevels>;
  pageHref: (page: number) => string;
}

/** The filters as typed (kept as they were when they have a problem). */
export interface LevelsFilterValues {
  personType: string;
  measure: string;
  /** The date range's boxes as typed (or as the range in the address). */
  from: DateParts;
  to: DateParts;
}

export interface LevelsPageProps {
  filters: LevelsFilterValues;
  errors: FieldError[];
  /** What the figures are of; null when the filters have a problem. */
  selection: LevelsSelection | null;
  counted: number;
  charts: SubjectChart[];
  chosen: ChosenBar | null;
  csvHref: string;
  formAction: string;
}

const WHO_CHOICES: Choice[] = [
  { value: 'learner', label: 'Learners' },
  { value: 'applicant', label: 'Applicants' },
];
const MEASURE_CHOICES: Choice[] = [
  { value: 'latest', label: MEASURE_LABELS.latest },
  { value: 'best', label: 'Best result (highest level)' },
];

function Filters({ filters, errors, action }: { filters: LevelsFilterValues; errors: FieldError[]; action: string }): VNode {
  const field = { errors };
  return (
    <form method="get" action={action} class="filters" aria-label="Choose whom and what to count" noValidate>
      <SelectField name="personType" label="Who" value={filters.personType} choices={WHO_CHOICES} {...field} />
      <SelectField name="measure" label="Count by" value={filters.measure} choices={MEASURE_CHOICES} {...field} />
      <DateInput name="from" legend="Completed from" value={filters.from} {...field} />
      <DateInput name="to" legend="Completed to" value={filters.to} {...field} />
      <button type="submit" class="secondary">
        Show
      </button>
    </form>
  );
}

function Scope({ selection, counted }: { selection: LevelsSelection; counted: number }): VNode {
  const people = PERSON_TYPE_LABELS[selection.personType].many.toLowerCase();
  return (
    <p>
      {`${counted} ${people} the sync checks, by the level of their ${selection.measure === 'best' ? 'best (highest level)' : 'latest'} initial assessment result`}
      {selection.from || selection.to ? (
        <>
          {' completed '}
          {selection.from && (
            <>
              {'from '}
              <UkDate date={selection.from} />{' '}
            </>
          )}
          {selection.to && (
            <>
              {'to '}
              <UkDate date={selection.to} />
            </>
          )}
        </>
      ) : (
        ' at any date'
      )}
      . Choose a bar, or a number in a table, to list those people.
    </p>
  );
}

/**
 * The charts, for the eye and the mouse (hidden from assistive technology), and beside
 * them one table with the same figures and links, for everyone.
 */
function Figures({ charts }: { charts: SubjectChart[] }): VNode {
  const rows = charts[0]?.bars.map((bar) => bar.bucket) ?? [];
  return (
    // Not a landmark of its own: its table is the region named Levels by subject (one name, one landmark).
    <section class="levels-figures">
      <h2 id="levels-heading">Levels by subject</h2>
      <div class="levels-charts" aria-hidden="true">
        {charts.map((chart) => (
          <div class="levels-chart-box" key={chart.subject}>
            <p class="chart-title">{SUBJECT_LABELS[chart.subject]}</p>
            <LevelsChart bars={chart.bars} />
          </div>
        ))}
      </div>
      <TableScroll label="Levels by subject">
        <table class="levels-table">
          <caption class="visually-hidden">People at each level, by subject. Each number lists those people.</caption>
          <thead>
            <tr>
              <th scope="col">Level</th>
              {charts.map((chart) => (
                <th scope="col" key={chart.subject}>
                  {SUBJECT_LABELS[chart.subject]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((bucket, index) => (
              <tr key={bucket}>
                <th scope="row">{BUCKET_LABELS[bucket]}</th>
                {charts.map((chart) => (
                  <CountCell key={chart.subject} subject={chart.subject} bar={chart.bars[index]} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function CountCell({ subject, bar }: { subject: SubjectKey; bar: ChartBar }): VNode {
  if (!bar.href) return <td>{String(bar.count)}</td>;
  return (
    <td class={bar.chosen ? 'chosen' : undefined}>
      <a href={bar.href} aria-current={bar.chosen ? 'true' : undefined}>
        {String(bar.count)}
        <span class="visually-hidden">{`${bar.bucket === 'none' ? ' with no result' : ` at ${BUCKET_LABELS[bar.bucket]}`} in ${SUBJECT_LABELS[subject]}: list them`}</span>
      </a>
    </td>
  );
}

function Result({ result }: { result: LevelledResult | null }): VNode {
  if (!result) return <span class="empty">No result</span>;
  return (
    <span>
      {LEVEL_LABELS[result.level]}
      <br />
      <span class="hint">
        <UkTime at={result.resultDate} />
      </span>
    </span>
  );
}

function ChosenBarPeople({ chosen, selection }: { chosen: ChosenBar; selection: LevelsSelection }): VNode {
  const subject = SUBJECT_LABELS[chosen.subject];
  return (
    <ChosenPeople
      heading={`${subject}: ${BUCKET_LABELS[chosen.bucket]} (${chosen.people.total} ${PERSON_TYPE_LABELS[selection.personType].many.toLowerCase()})`}
      people={chosen.people}
      pageHref={chosen.pageHref}
      columns={[
        { header: `Latest ${subject}`, cell: (person) => <Result result={person.levels[chosen.subject].latest} /> },
        { header: `Best ${subject}`, cell: (person) => <Result result={person.levels[chosen.subject].best} /> },
      ]}
    />
  );
}

export function LevelsPage(props: LevelsPageProps): VNode {
  return (
    <div class="bksb-levels">
      <p class="breadcrumb">
        <a href={SUMMARY_PATH}>bksb Summary</a>
      </p>
      <div class="page-heading">
        <h1>Initial assessment levels</h1>
        {props.selection && (
          <a href={props.csvHref} download>
            Download CSV
          </a>
        )}
      </div>
      <ErrorSummary errors={props.errors} />
      <Filters filters={props.filters} errors={props.errors} action={props.formAction} />
      {props.selection && (
        <>
          <Scope selection={props.selection} counted={props.counted} />
          <Figures charts={props.charts} />
          {props.chosen && <ChosenBarPeople chosen={props.chosen} selection={props.selection} />}
        </>
      )}
    </div>
  );
}
