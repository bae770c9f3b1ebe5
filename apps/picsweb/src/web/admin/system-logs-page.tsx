import { DataTable, Empty, Page, Pager, UkTime } from '@picsweb/common';
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
        <DataTable
          label="System log lines"
          rows={logs.items}
          rowKey={(line) => line.id}
          columns={[
            { header: 'When', cell: (line) => <UkTime at={line.at} /> },
            { header: 'Source', cell: (line) => line.source },
            { header: 'Level', cell: (line) => line.level },
            { header: 'Who', cell: (line) => line.actor ?? 'PICSWeb' },
            { header: 'What', cell: (line) => line.message },
          ]}
        />
      )}
      <Pager page={logs.page} pageSize={logs.pageSize} total={logs.total} href={href} />
    </>
  );
}
