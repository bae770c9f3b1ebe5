import { DataTable, PostForm, SummaryRow, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { BksbSummary, SubjectTags } from '../../views/bksb-summary.service';
import { SyncRunView } from '../../sync/bksb-sync-run.store';
import { chaseListPath, levelsPath, SUMMARY_PATH, syncRunPath, syncRunsPath, unmatchedPath } from '../bksb-paths';
import { LaneCheck } from '../../sync/bksb-next-check.service';
import { CHECK_REASON_LABELS, RUN_STATUS_LABELS, RUN_TRIGGER_LABELS, SUBJECT_LABELS } from '../../labels/bksb-labels';
import { SUBJECT_KEYS } from '../../domain/bksb-domain';

const PROBLEM_ADVICE: Record<NonNullable<BksbSummary['problem']>['kind'], { title: string; advice: string }> = {
  credentials: {
    title: 'bksb does not accept the API keys',
    advice: 'An administrator should check the API Access Key and API Secret Key in Settings (copy them again from bksb), then use Test connection.',
  },
  permissions: {
    title: 'The API key is missing a permission',
    advice: 'A bksb administrator should open Admin Options > API Access Keys > Configure Access Key and set every Permission to Allow.',
  },
  unreachable: {
    title: 'bksb cannot be reached',
    advice: 'bksb did not answer. PICSWeb keeps trying on every scheduled sync; if it goes on for hours, check bksb\'s status or contact PICS support.',
  },
};

export interface SummaryPageProps {
  summary: BksbSummary;
  canEditSettings: boolean;
  /** The Settings window, shown over the Summary. */
  dialog?: VNode;
}

function TagList({ tags }: { tags: SubjectTags[keyof SubjectTags] }): VNode {
  return tags.length === 0 ? <span class="empty">None</span> : <span>{tags.map((tag) => tag.name).join(', ')}</span>;
}

function TagTable({ caption, tags }: { caption: string; tags: SubjectTags }): VNode {
  return (
    <table>
      <caption>{caption}</caption>
      <tbody>
        {SUBJECT_KEYS.map((subject) => (
          <tr key={subject}>
            <th scope="row">{SUBJECT_LABELS[subject]}</th>
            <td>
              <TagList tags={tags[subject]} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A run's figures in one line. */
export function RunFigures({ run }: { run: SyncRunView }): VNode {
  return (
    <span>{`${run.peopleChecked} people checked, ${run.resultsImported} results imported, ${run.tagsApplied} tags applied, ${run.failureCount} failures`}</span>
  );
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The fast lanes' runs, counted apart from the runs of everyone. */
function FastLanes({ lanes }: { lanes: BksbSummary['fastLanes'] }): VNode {
  if (!lanes.on) return <span>Off: everyone is checked at the scheduled sync.</span>;
  const day = lanes.last24Hours;
  return (
    <>
      <span>{`${count(day.runs, 'run', 'runs')} in the last 24 hours: ${count(day.peopleChecked, 'person', 'people')} checked, ${count(day.resultsImported, 'result', 'results')} imported.`}</span>
      {lanes.lastRun && (
        <>
          <br />
          {'Last: '}
          <a href={syncRunPath(lanes.lastRun.id)}>{`${RUN_STATUS_LABELS[lanes.lastRun.status]} (${RUN_TRIGGER_LABELS[lanes.lastRun.trigger]})`}</a>
          {', started '}
          <UkTime at={lanes.lastRun.startedAt} />
        </>
      )}
    </>
  );
}

/** Who is checked when, and why: each lane with its people and its next run. */
function NextChecks({ checks }: { checks: LaneCheck[] }): VNode {
  return (
    <>
      <h3>Who is checked when</h3>
      <DataTable
        label="Who is checked when"
        rows={checks}
        rowKey={(check) => check.reason}
        columns={[
          {
            header: 'Checked for',
            cell: (check) => (
              <>
                <strong>{CHECK_REASON_LABELS[check.reason].name}</strong>
                <br />
                <span class="hint">{CHECK_REASON_LABELS[check.reason].why}</span>
              </>
            ),
          },
          { header: 'People', cell: (check) => (check.people === null ? 'Everyone else' : String(check.people)) },
          { header: 'Next check', cell: (check) => <UkTime at={check.at} /> },
        ]}
      />
    </>
  );
}

export function SummaryPage({ summary, canEditSettings, dialog }: SummaryPageProps): VNode {
  const problem = summary.problem ? PROBLEM_ADVICE[summary.problem.kind] : null;
  const run = summary.lastRun;
  return (
    <>
      <div class="page-heading">
        <h1>bksb Summary</h1>
        {canEditSettings && (
          <a href={`${SUMMARY_PATH}/settings`} role="button" class="secondary">
            Settings
          </a>
        )}
      </div>
      {summary.problem && problem && (
        <div class="banner-problem" role="alert">
          <h2>{problem.title}</h2>
          <p>{summary.problem.message}</p>
          <p>
            {problem.advice} Since <UkTime at={summary.problem.since} />.
          </p>
        </div>
      )}
      <section aria-labelledby="status-heading">
        <h2 id="status-heading">Integration Status</h2>
        <dl class="summary-list">
          <SummaryRow label="Integration Enabled">{summary.integrationEnabled ? 'Yes' : 'No'}</SummaryRow>
          <SummaryRow label="Last run">
            {run ? (
              <>
                <a href={syncRunPath(run.id)}>{`${RUN_STATUS_LABELS[run.status]} (${RUN_TRIGGER_LABELS[run.trigger]})`}</a>
                {', started '}
                <UkTime at={run.startedAt} />
                <br />
                <RunFigures run={run} />
              </>
            ) : (
              'No sync has run yet.'
            )}
          </SummaryRow>
          <SummaryRow label="Next run">{summary.nextRunAt ? <UkTime at={summary.nextRunAt} /> : 'None: the integration is switched off.'}</SummaryRow>
          <SummaryRow label="Fast lanes">
            <FastLanes lanes={summary.fastLanes} />
          </SummaryRow>
        </dl>
        {summary.nextChecks.length > 0 && <NextChecks checks={summary.nextChecks} />}
        <div class="tag-tables">
          <TagTable caption="Learner Tags" tags={summary.learnerTags} />
          <TagTable caption="Applicant Tags" tags={summary.applicantTags} />
        </div>
        <div class="actions">
          {summary.integrationEnabled && (
            <PostForm action={`${SUMMARY_PATH}/sync`} class="inline-form">
              <button type="submit">Sync now</button>
            </PostForm>
          )}
          <a href={syncRunsPath()}>All sync runs</a>
          <a href={unmatchedPath()}>People without a bksb account</a>
          <a href={chaseListPath()}>Initial assessments to chase</a>
          <a href={levelsPath()}>Initial assessment levels</a>
        </div>
      </section>
      <section aria-labelledby="information-heading">
        <h2 id="information-heading">Integration Information</h2>
        {summary.information.split('\n\n').map((paragraph) => (
          <p key={paragraph} class={paragraph.startsWith('Warning') ? 'warning' : undefined}>
            {paragraph}
          </p>
        ))}
      </section>
      {dialog}
    </>
  );
}
