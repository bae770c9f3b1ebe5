import { DataTable, Empty, personPagePath, ProgressBar, RunStatus, RunStatusTag, SummaryList, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { BULK_ACTION_LABELS } from '../../bulk/bksb-bulk-action.service';
import { BulkJobView } from '../../bulk/bksb-bulk-job.store';
import { BULK_OUTCOME_LABELS, PERSON_TYPE_LABELS } from '../../labels/bksb-labels';
import { unmatchedPath } from '../bksb-paths';

/** A job's status in the words of every run: a finished job with failures Partly failed, or Failed when nobody was done. */
function statusOf(job: BulkJobView): RunStatus {
  if (job.status !== 'done') return job.status === 'running' ? 'running' : 'failed';
  if (job.counts.failed === 0) return 'succeeded';
  return job.counts.done === 0 ? 'failed' : 'partial';
}

/** One bulk action; while it runs, its progress region is fetched again every 2 s by the page script. */
export function BulkJobPage({ job }: { job: BulkJobView }): VNode {
  const running = job.status === 'running';
  const figures: Array<[string, VNode | string]> = [
    ['Status', <RunStatusTag status={statusOf(job)} />],
    ['Started by', job.startedBy],
    ['Started', <UkTime at={job.startedAt} />],
    ['Finished', running ? 'Not yet' : <UkTime at={job.finishedAt} />],
    ['Done', String(job.counts.done)],
    ['Skipped', String(job.counts.skipped)],
    ['Failed', String(job.counts.failed)],
  ];
  if (job.done < job.total) figures.push([running ? 'Still to do' : 'Not worked on', String(job.total - job.done)]);
  return (
    <div class="bksb-bulk">
      <p class="breadcrumb">
        <a href={unmatchedPath()}>People without a bksb account</a>
      </p>
      <h1>{BULK_ACTION_LABELS[job.action]}</h1>
      <div id="bulk-progress" data-refresh-seconds={running ? '2' : undefined} aria-live="polite">
        {running && (
          <p class="notice notice-info">
            This bulk action is still running; it goes on if you leave this page. The figures update by themselves; without JavaScript, reload
            the page to see the latest.
          </p>
        )}
        {job.message && (
          <div class="banner-problem" role="alert">
            <p>{`It stopped: ${job.message}`}</p>
            <p>The people not worked on are still on the report of people without a bksb account; start it again from there once this is put right.</p>
          </div>
        )}
        <ProgressBar id="bulk-progress-bar" done={job.done} total={job.total} noun={{ one: 'person', many: 'people' }} />
        <SummaryList rows={figures} />
        {/* Not a landmark of its own: its table is the region named Outcomes. */}
        <section>
          <h2 id="outcomes-heading">Outcomes</h2>
          {job.outcomes.length === 0 ? (
            <Empty>No one has been worked on yet.</Empty>
          ) : (
            <DataTable
              label="Outcomes"
              rows={job.outcomes}
              rowKey={(outcome) => outcome.personId}
              columns={[
                { header: 'Person', cell: (outcome) => <a href={personPagePath(outcome.personType, outcome.personId)}>{outcome.name}</a> },
                { header: 'Type', cell: (outcome) => PERSON_TYPE_LABELS[outcome.personType].one },
                { header: 'Outcome', cell: (outcome) => <span class={`outcome outcome-${outcome.outcome}`}>{BULK_OUTCOME_LABELS[outcome.outcome]}</span> },
                { header: 'What happened', cell: (outcome) => outcome.message ?? '–' },
              ]}
            />
          )}
        </section>
      </div>
    </div>
  );
}
