import { TableScroll, Empty, Page, Pager, UkTime } from '@picsweb/common';
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
        <TableScroll label="Emails">
          <table>
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">Sent at</th>
              </tr>
            </thead>
            <tbody>
              {mail.items.map((message) => (
                <tr key={message.id}>
                  <td>{message.to}</td>
                  <td>
                    <details>
                      <summary>{message.subject}</summary>
                      <pre class="mail-text">{message.text}</pre>
                    </details>
                  </td>
                  <td>
                    {STATUS[message.status]}
                    {message.lastError && message.status !== 'sent' ? <span class="hint">{` (${message.lastError})`}</span> : null}
                  </td>
                  <td>
                    <UkTime at={message.sentAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager page={mail.page} pageSize={mail.pageSize} total={mail.total} href={(page) => `/mail-outbox?page=${page}`} />
    </>
  );
}
