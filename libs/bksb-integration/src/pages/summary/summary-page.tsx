import { countOf, DataTable, PostForm, RunStatusTag, SummaryRow, UkTime, WarningText } from '@picsweb/common';
import type { VNode } from 'preact';
import { BksbSummary, SubjectTags } from '../../views/bksb-summary.service';
import { SyncRunView } from '../../sync/bksb-sync-run.store';
import { chaseListPath, levelsPath, SUMMARY_PATH, syncRunPath, syncRunsPath, unmatchedPath } from '../bksb-paths';
import { LaneCheck } from '../../sync/bksb-next-check.service';
import { CHECK_REASON_LABELS, DATABRIDGE_WARNING, RUN_TRIGGER_LABELS, SUBJECT_LABELS, WHEN_RESULTS_ARRIVE } from '../../labels/bksb-labels';
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
    <span>
      {[
        `${countOf(run.peopleChecked, 'person', 'people')} checked`,
        `${countOf(run.resultsImported, 'result', 'results')} imported`,
        `${countOf(run.tagsApplied, 'tag', 'tags')} applied`,
        countOf(run.failureCount, 'failure', 'failures'),
      ].join(', ')}
    </span>
  );
}

/** A run as a line: its status tag, a link to it by its trigger, and when it started. */
function RunLine({ run }: { run: SyncRunView }): VNode {
  return (
    <>
      <RunStatusTag status={run.status} />{' '}
      <a href={syncRunPath(run.id)}>
        {`${RUN_TRIGGER_LABELS[run.trigger]}, started `}
        <UkTime at={run.startedAt} />
      </a>
    </>
  );
}

/** The frequent checks of new accounts and assessments in progress, counted apart from the runs of everyone. */
function QuickChecks({ lanes }: { lanes: BksbSummary['fastLanes'] }): VNode {
  if (!lanes.on) return <p>New accounts and assessments in progress are not checked apart: everyone is checked at the scheduled sync.</p>;
  const day = lanes.last24Hours;
  return (
    <p>
      {`Checks of new accounts and assessments in progress in the last 24 hours: ${countOf(day.runs, 'run', 'runs')}, ${countOf(day.peopleChecked, 'person', 'people')} checked, ${countOf(day.resultsImported, 'result', 'results')} imported.`}
      {lanes.lastRun && (
        <>
          <br />
          {'The last: '}
          <RunLine run={lanes.lastRun} />
        </>
      )}
    </p>
  );
}

/** When results arrive in one sentence; who is checked when, and why, folded away beneath it. */
function WhenResultsArrive({ checks, lanes }: { checks: LaneCheck[]; lanes: BksbSummary['fastLanes'] }): VNode {
  return (
    <div class="when-results-arrive">
      <p>{WHEN_RESULTS_ARRIVE}</p>
      <details>
        <summary>Who is checked when</summary>
        {checks.length > 0 && <NextChecks checks={checks} />}
        <QuickChecks lanes={lanes} />
      </details>
    </div>
  );
}

/** Who is checked when, and why: each group of people with how many and their next check. */
function NextChecks({ checks }: { checks: LaneCheck[] }): VNode {
  return (
    <>
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
          { header: 'People', cell: (check) => (check.people === null ? 'Everyone else' : countOf(check.people, 'person', 'people')) },
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
      <WarningText>{DATABRIDGE_WARNING}</WarningText>
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
        <WhenResultsArrive checks={summary.nextChecks} lanes={summary.fastLanes} />
        <dl class="summary-list">
          <SummaryRow label="Integration Enabled">{summary.integrationEnabled ? 'Yes' : 'No'}</SummaryRow>
          <SummaryRow label="Last run">
            {run ? (
              <>
                <RunLine run={run} />
                <br />
                <RunFigures run={run} />
              </>
            ) : (
              'No sync has run yet.'
            )}
          </SummaryRow>
          <SummaryRow label="Next run">{summary.nextRunAt ? <UkTime at={summary.nextRunAt} /> : 'None: the integration is switched off.'}</SummaryRow>
        </dl>
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
        {/* The Databridge warning is at the top of the page. */}
        {summary.information
          .split('\n\n')
          .filter((paragraph) => !paragraph.startsWith('Warning'))
          .map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
      </section>
      {dialog}
    </>
  );
}
