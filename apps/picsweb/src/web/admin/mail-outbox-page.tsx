import { DataTable, Empty, Page, Pager, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { MailView } from '../../mail/mail.service';

const STATUS: Record<MailView['status'], string> = { pending: 'Waiting to send', sent: 'Sent', failed: 'Failed' };

export function MailOutboxPage({ mail }: { mail: Page<MailView> }): VNode {
  return (
    <>
      <h1>Mail outbox</h1>
      <p>Emails sent to your learners and applicants, newest first. Passwords are shown masked.</p>
      {mail.items.length === 0 ? (
        <Empty>No emails yet.</Empty>
      ) : (
        <DataTable
          label="Emails"
          rows={mail.items}
          rowKey={(message) => message.id}
          columns={[
            { header: 'To', cell: (message) => message.to },
            {
              header: 'Subject',
              cell: (message) => (
                <details>
                  <summary>{message.subject}</summary>
                  <pre class="mail-text">{message.text}</pre>
                </details>
              ),
            },
            {
              header: 'Status',
              cell: (message) => (
                <>
                  {STATUS[message.status]}
                  {message.lastError && message.status !== 'sent' ? <span class="hint">{` (${message.lastError})`}</span> : null}
                </>
              ),
            },
            { header: 'Sent at', cell: (message) => <UkTime at={message.sentAt} /> },
          ]}
        />
      )}
      <Pager page={mail.page} pageSize={mail.pageSize} total={mail.total} href={(page) => `/mail-outbox?page=${page}`} />
    </>
  );
}
