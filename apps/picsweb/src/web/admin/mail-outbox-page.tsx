import { DataTable, Empty, Page, Pager, StatusTag, StatusTone, UkTime } from '@picsweb/common';
import type { VNode } from 'preact';
import { MailView } from '../../mail/mail.service';

const STATUS: Record<MailView['status'], { label: string; tone: StatusTone }> = {
  pending: { label: 'Queued', tone: 'grey' },
  sending: { label: 'Sending', tone: 'blue' },
  sent: { label: 'Sent', tone: 'green' },
  failed: { label: 'Failed', tone: 'red' },
  unclear: { label: 'Unclear', tone: 'amber' },
};

function Status({ message }: { message: MailView }): VNode {
  const status = STATUS[message.status];
  return (
    <>
      <StatusTag tone={status.tone}>{status.label}</StatusTag>
      {message.withoutValues && <span class="hint"> without its time-limited link, which could not be fetched in time</span>}
      {message.lastError && message.status !== 'sent' ? <span class="hint">{` (${message.lastError})`}</span> : null}
    </>
  );
}

export function MailOutboxPage({ mail }: { mail: Page<MailView> }): VNode {
  return (
    <>
      <h1>Mail outbox</h1>
      <p>Emails sent to your learners and applicants, newest first. Passwords are shown masked.</p>
      <p class="hint">
        Queued: waiting to be sent (after a refusal, tried again a few times). Sending: with the mail server now. Sent: the mail server
        accepted it. Failed: given up after the last try. Unclear: PICSWeb stopped after the mail server may have accepted it, so it is not
        sent again by itself; ask the person whether it arrived, and send it again if not.
      </p>
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
            { header: 'Status', cell: (message) => <Status message={message} /> },
            { header: 'Sent at', cell: (message) => <UkTime at={message.sentAt} /> },
          ]}
        />
      )}
      <Pager page={mail.page} pageSize={mail.pageSize} total={mail.total} href={(page) => `/mail-outbox?page=${page}`} />
    </>
  );
}
