import { Empty, personPagePath, PersonType, TableScroll, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { SyncRunView } from '../../sync/bksb-sync-run.store';
import { SUMMARY_PATH } from '../bksb-web-extensions';
import { PERSON_TYPE_LABELS, RUN_STATUS_LABELS, RUN_TRIGGER_LABELS } from '../bksb-labels';

const runPath = (run: SyncRunView) => `${SUMMARY_PATH}/sync-runs/${run.id}`;

export function SyncRunsPage({ runs }: { runs: SyncRunView[] }): VNode {
  return (
    <>
      <p class="breadcrumb">
        <a href={SUMMARY_PATH}>bksb Summary</a>
      </p>
      <h1>bksb sync runs</h1>
      {runs.length === 0 ? (
        <Empty>No sync has run yet.</Empty>
      ) : (
        <TableScroll label="Sync runs">
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Trigger</th>
                <th scope="col">Status</th>
                <th scope="col">People checked</th>
                <th scope="col">Results imported</th>
                <th scope="col">Tags applied</th>
                <th scope="col">Failures</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>
                    <a href={runPath(run)}>
                      <UkTime at={run.startedAt} />
                    </a>
                  </td>
                  <td>{RUN_TRIGGER_LABELS[run.trigger]}</td>
                  <td>{RUN_STATUS_LABELS[run.status]}</td>
                  <td>{run.peopleChecked}</td>
                  <td>{run.resultsImported}</td>
                  <td>{run.tagsApplied}</td>
                  <td>{run.failureCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

/** One run; while it runs, its figures region is fetched again every 2 s by the page script. */
export function SyncRunPage({ run }: { run: SyncRunView }): VNode {
  const running = run.status === 'running';
  const figures: Array<[string, VNode | string]> = [
    ['Status', RUN_STATUS_LABELS[run.status]],
    ['Trigger', RUN_TRIGGER_LABELS[run.trigger]],
    ['Started', <UkTime at={run.startedAt} />],
    ['Finished', running ? 'Not yet' : <UkTime at={run.finishedAt} />],
    ['People checked', String(run.peopleChecked)],
    ['Results imported', String(run.resultsImported)],
    ['Tags applied', String(run.tagsApplied)],
    ['Calls to bksb', String(run.apiCalls)],
    ['Failures', String(run.failureCount)],
  ];
  return (
    <>
      <p class="breadcrumb">
        <a href={`${SUMMARY_PATH}/sync-runs`}>bksb sync runs</a>
      </p>
      <h1>bksb sync run</h1>
      <div id="run-progress" data-refresh-seconds={running ? '2' : undefined} aria-live="polite">
        {running && <p class="notice">This sync is still running. The figures update by themselves; without JavaScript, reload the page to see the latest.</p>}
        {run.message && (
          <div class="banner-problem" role="alert">
            <p>{run.message}</p>
          </div>
        )}
        <dl class="summary-list">
          {figures.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {run.failures.length > 0 && (
          <section aria-labelledby="failures-heading">
            <h2 id="failures-heading">{run.failureCount > run.failures.length ? `Failures (the first ${run.failures.length})` : 'Failures'}</h2>
            <TableScroll label="Failures">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">What went wrong</th>
                  </tr>
                </thead>
                <tbody>
                  {run.failures.map((failure, index) => (
                    <tr key={index}>
                      <td>
                        <a href={personPagePath(failure.personType as PersonType, failure.personId)}>{PERSON_TYPE_LABELS[failure.personType as PersonType].one}</a>
                      </td>
                      <td>{failure.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>
        )}
      </div>
    </>
  );
}
