import { DataTable, Empty, personPagePath, PersonType, SummaryList, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { SyncRequestView, SyncRunView } from '../../sync/bksb-sync-run.store';
import { SUMMARY_PATH, syncRunPath, syncRunsPath } from '../bksb-paths';
import { PERSON_TYPE_LABELS, RUN_STATUS_LABELS, RUN_TRIGGER_LABELS } from '../../labels/bksb-labels';


/** Requests waiting for the run in progress to end: what they are for and since when. */
function QueuedRequests({ queued, heading }: { queued: SyncRequestView[]; heading: string }): VNode | null {
  if (queued.length === 0) return null;
  return (
    <section aria-labelledby="queued-heading">
      <h2 id="queued-heading">{heading}</h2>
      <ul>
        {queued.map((request) => (
          <li key={request.id}>
            {RUN_TRIGGER_LABELS[request.trigger]}, requested <UkTime at={request.requestedAt} />: starts when the run in progress ends.
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SyncRunsPage({ runs, queued }: { runs: SyncRunView[]; queued: SyncRequestView[] }): VNode {
  return (
    <>
      <p class="breadcrumb">
        <a href={SUMMARY_PATH}>bksb Summary</a>
      </p>
      <h1>bksb sync runs</h1>
      <QueuedRequests queued={queued} heading="Queued" />
      {runs.length === 0 ? (
        <Empty>No sync has run yet.</Empty>
      ) : (
        <DataTable
          label="Sync runs"
          rows={runs}
          rowKey={(run) => run.id}
          columns={[
            {
              header: 'Started',
              cell: (run) => (
                <a href={syncRunPath(run.id)}>
                  <UkTime at={run.startedAt} />
                </a>
              ),
            },
            { header: 'Trigger', cell: (run) => RUN_TRIGGER_LABELS[run.trigger] },
            { header: 'Status', cell: (run) => RUN_STATUS_LABELS[run.status] },
            { header: 'People checked', cell: (run) => run.peopleChecked },
            { header: 'Results imported', cell: (run) => run.resultsImported },
            { header: 'Tags applied', cell: (run) => run.tagsApplied },
            { header: 'Failures', cell: (run) => run.failureCount },
          ]}
        />
      )}
    </>
  );
}

/** One run; while it runs, its figures region is fetched again every 2 s by the page script. */
export function SyncRunPage({ run, queued }: { run: SyncRunView; queued: SyncRequestView[] }): VNode {
  const running = run.status === 'running';
  const figures: Array<[string, VNode | string]> = [
    ['Status', RUN_STATUS_LABELS[run.status]],
    ['Trigger', RUN_TRIGGER_LABELS[run.trigger]],
    ['Started', <UkTime at={run.startedAt} />],
    ['Finished', running ? 'Not yet' : <UkTime at={run.finishedAt} />],
    ['People checked', run.total === null ? String(run.peopleChecked) : `${run.peopleChecked} of ${run.total}`],
    ['Results imported', String(run.resultsImported)],
    ['Tags applied', String(run.tagsApplied)],
    ['Calls to bksb', String(run.apiCalls)],
    ['Failures', String(run.failureCount)],
  ];
  if (run.changedWhileChecking > 0) figures.push(['Changed while checking (not written)', String(run.changedWhileChecking)]);
  return (
    <>
      <p class="breadcrumb">
        <a href={syncRunsPath()}>bksb sync runs</a>
      </p>
      <h1>bksb sync run</h1>
      <div id="run-progress" data-refresh-seconds={running ? '2' : undefined} aria-live="polite">
        {running && <p class="notice">This sync is still running. The figures update by themselves; without JavaScript, reload the page to see the latest.</p>}
        {run.message && (
          <div class="banner-problem" role="alert">
            <p>{run.message}</p>
          </div>
        )}
        <SummaryList rows={figures} />
        {running && <QueuedRequests queued={queued.filter((request) => request.queuedBehindRunId === run.id)} heading="Queued behind this run" />}
        {run.failures.length > 0 && (
          <section aria-labelledby="failures-heading">
            <h2 id="failures-heading">{run.failureCount > run.failures.length ? `Failures (the first ${run.failures.length})` : 'Failures'}</h2>
            <DataTable
              label="Failures"
              rows={run.failures.map((failure, index) => ({ ...failure, key: String(index) }))}
              rowKey={(failure) => failure.key}
              columns={[
                {
                  header: 'Person',
                  cell: (failure) => (
                    <a href={personPagePath(failure.personType as PersonType, failure.personId)}>{PERSON_TYPE_LABELS[failure.personType as PersonType].one}</a>
                  ),
                },
                { header: 'What went wrong', cell: (failure) => failure.message },
              ]}
            />
          </section>
        )}
      </div>
    </>
  );
}
