import { TableScroll, Empty, Page, Pager, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { SystemLogView } from '../../system-log/system-log.service';

export function SystemLogsPage({ logs, source }: { logs: Page<SystemLogView>; source: string }): VNode {
  const href = (page: number) => `/system-logs?${new URLSearchParams({ source, page: String(page) })}`;
  return (
    <>
      <h1>System logs</h1>
      <form method="get" action="/system-logs" class="search-form">
        <label for="source">Source</label>
        <p class="hint" id="source-hint">
          For example bksb, or leave empty for all.
        </p>
        <div class="search-row">
          <input id="source" name="source" value={source} aria-describedby="source-hint" />
          <button type="submit" class="secondary">
            Filter
          </button>
        </div>
      </form>
      {logs.items.length === 0 ? (
        <Empty>No log lines{source ? ` from ${source}` : ''}.</Empty>
      ) : (
        <TableScroll label="System log lines">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Source</th>
                <th scope="col">Level</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {logs.items.map((line) => (
                <tr key={line.id}>
                  <td>
                    <UkTime at={line.at} />
                  </td>
                  <td>{line.source}</td>
                  <td>{line.level}</td>
                  <td>{line.actor ?? 'PICSWeb'}</td>
                  <td>{line.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager page={logs.page} pageSize={logs.pageSize} total={logs.total} href={href} />
    </>
  );
}
