import { countOf, DataTable, Empty, personPagePath, ProgressBar, RunStatusTag, SummaryList, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { SyncRequestView, SyncRunView } from '../../sync/bksb-sync-run.store';
import { NamedFailure } from '../../views/run-failures';
import { SUMMARY_PATH, syncRunPath, syncRunsPath } from '../bksb-paths';
import { PERSON_TYPE_LABELS, RUN_TRIGGER_LABELS } from '../../labels/bksb-labels';

/** Requests waiting for the run in progress to end: what they are for and since when. */
function QueuedRequests({ queued, heading }: { queued: SyncRequestView[]; heading: string }): VNode | null {
  if (queued.length === 0) return null;
  return (
    <section aria-labelledby="queued-heading">
      <h2 id="queued-heading">{heading}</h2>
      <ul>
        {queued.map((request) => (
          <li key={request.id}>
            <RunStatusTag status="queued" /> {RUN_TRIGGER_LABELS[request.trigger]}, requested <UkTime at={request.requestedAt} />: starts when the run in progress ends.
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
            { header: 'Status', cell: (run) => <RunStatusTag status={run.status} /> },
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

/** Who failed: their name and type, linking to their page; a person since removed from PICSWeb is said so. */
function FailedPerson({ failure }: { failure: NamedFailure }): VNode {
  const type = PERSON_TYPE_LABELS[failure.personType].one;
  if (failure.name === null) return <span>{`A ${type.toLowerCase()} no longer in PICSWeb`}</span>;
  return <a href={personPagePath(failure.personType, failure.personId)}>{`${failure.name} (${type})`}</a>;
}

/** One run; while it runs, its figures region is fetched again every 2 s by the page script. */
export function SyncRunPage({ run, failures, queued }: { run: SyncRunView; failures: NamedFailure[]; queued: SyncRequestView[] }): VNode {
  const running = run.status === 'running';
  const everyoneFailed = run.status === 'failed' && run.message === null && run.failureCount > 0;
  const figures: Array<[string, VNode | string]> = [
    ['Status', <RunStatusTag status={run.status} />],
    ['Trigger', RUN_TRIGGER_LABELS[run.trigger]],
    ['Started', <UkTime at={run.startedAt} />],
    ['Finished', running ? 'Not yet' : <UkTime at={run.finishedAt} />],
    ['People checked', run.total === null || !running ? String(run.peopleChecked) : `${run.peopleChecked} of ${run.total}`],
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
        {running && (
          <>
            <p class="notice notice-info">
              This sync is still running; it goes on if you leave this page. The figures update by themselves; without JavaScript, reload the page to
              see the latest.
            </p>
            {run.total === null ? <p>Counting the people to check…</p> : <ProgressBar id="run-progress-bar" done={run.peopleChecked} total={run.total} noun={{ one: 'person', many: 'people' }} />}
          </>
        )}
        {run.message && (
          <div class="banner-problem" role="alert">
            <p>{run.message}</p>
          </div>
        )}
        {everyoneFailed && (
          <div class="banner-problem" role="alert">
            <p>{`Every person this run checked failed (${countOf(run.failureCount, 'person', 'people')}). Each one is listed below with what went wrong.`}</p>
          </div>
        )}
        <SummaryList rows={figures} />
        {running && <QueuedRequests queued={queued.filter((request) => request.queuedBehindRunId === run.id)} heading="Queued behind this run" />}
        {failures.length > 0 && (
          // Not a landmark of its own: its table is the region named Failures.
          <section>
            <h2 id="failures-heading">{run.failureCount > failures.length ? `Failures (the first ${failures.length})` : 'Failures'}</h2>
            <DataTable
              label="Failures"
              rows={failures.map((failure, index) => ({ ...failure, key: String(index) }))}
              rowKey={(failure) => failure.key}
              columns={[
                { header: 'Person', cell: (failure) => <FailedPerson failure={failure} /> },
                { header: 'What went wrong', cell: (failure) => failure.message },
              ]}
            />
          </section>
        )}
      </div>
    </>
  );
}
