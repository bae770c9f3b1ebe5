import { Empty, PersonType, PostButton, PostForm, TableScroll, UkTime } from '@picsweb/common';
import type { ComponentChildren, VNode } from 'preact';
import { AccountView, ResultView } from '../../services/bksb-person-panel.service';
import { LEVEL_LABELS, RESULT_KIND_LABELS } from '../bksb-labels';
import { AccountStatus } from './account-status';
import { personActionPath } from './bksb-person-paths';
import { UsernameField } from './bksb-person-pages';

export interface PanelResults {
  /** The latest result of each kind and subject, initial first. */
  latest: ResultView[];
  /** Newest first. */
  history: ResultView[];
  lastSyncedAt: Date | null;
  notEligibleBecause: string | null;
}

export interface BksbPanelProps {
  personType: PersonType;
  personId: string;
  /** Set when the integration is switched off: the panel says so and offers no action. */
  switchedOff: string | null;
  account: AccountStatus;
  results: PanelResults;
}

function PanelSection({ children }: { children: ComponentChildren }): VNode {
  return (
    <section class="panel bksb-panel" aria-labelledby="bksb-heading">
      <h2 id="bksb-heading">bksb</h2>
      {children}
    </section>
  );
}

/** Without the licence: the licence message only. */
export function BksbPanelNotLicensed({ message }: { message: string }): VNode {
  return (
    <PanelSection>
      <p>{message}</p>
    </PanelSection>
  );
}

function AccountDetails({ account }: { account: AccountView }): VNode {
  return (
    <dl class="summary-list">
      <div>
        <dt>bksb user name</dt>
        <dd>{account.username}</dd>
      </div>
      <div>
        <dt>{account.createdByPics ? 'Created by PICSWeb' : 'Linked'}</dt>
        <dd>
          <UkTime at={account.createdAt} />
        </dd>
      </div>
      <div>
        <dt>Login details sent</dt>
        <dd>
          {account.loginDetailsSentAt ? (
            <UkTime at={account.loginDetailsSentAt} />
          ) : account.createdByPics ? (
            'Not yet'
          ) : (
            'Not by PICSWeb: the account was made in bksb'
          )}
        </dd>
      </div>
    </dl>
  );
}

function NoAccount({ personType, personId, account }: { personType: PersonType; personId: string; account: Extract<AccountStatus, { kind: 'none' }> }): VNode {
  return (
    <>
      <p>
        {account.earlierAttemptCutOff
          ? 'An earlier attempt to create a bksb account did not finish. Create it again: PICSWeb first checks whether bksb made it, so it is never made twice.'
          : 'No bksb account is linked yet.'}
      </p>
      {'reason' in account.create ? (
        <p>{account.create.reason}</p>
      ) : (
        <p>
          <a href={personActionPath(personType, personId, 'create')} role="button">
            Create bksb account
          </a>
        </p>
      )}
      <PostForm action={personActionPath(personType, personId, 'link')} class="link-account">
        <UsernameField value={account.suggestedUsername} />
        <button type="submit" class="secondary">
          Link existing account
        </button>
      </PostForm>
    </>
  );
}

function Linked({ personType, personId, account }: { personType: PersonType; personId: string; account: AccountView }): VNode {
  const unlink = (
    <a href={personActionPath(personType, personId, 'unlink')} role="button" class="secondary">
      Unlink
    </a>
  );
  if (account.state === 'missing-in-bksb') {
    return (
      <>
        <div class="banner-problem" role="alert">
          <p>{`bksb no longer knows the user name ${account.username}: it was deleted or renamed in bksb. Unlink it, then create or link the right account.`}</p>
        </div>
        <AccountDetails account={account} />
        <div class="actions">{unlink}</div>
      </>
    );
  }
  return (
    <>
      <AccountDetails account={account} />
      <div class="actions">
        <PostButton action={personActionPath(personType, personId, 'refresh')} label="Get latest results" />
        {account.createdByPics && <PostButton action={personActionPath(personType, personId, 'invite')} label="Send login details" secondary />}
        {unlink}
      </div>
    </>
  );
}

function ResultsTable({ label, results, withText }: { label: string; results: ResultView[]; withText?: boolean }): VNode {
  return (
    <TableScroll label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Assessment</th>
            <th scope="col">Level</th>
            <th scope="col">Score</th>
            {withText && <th scope="col">Result</th>}
            <th scope="col">Completed</th>
          </tr>
        </thead>
        <tbody>
          {results.map((result) => (
            <tr key={`${result.kind}-${result.bksbSessionId}`}>
              <td>{result.subject ?? result.courseName}</td>
              <td>{RESULT_KIND_LABELS[result.kind]}</td>
              <td>{result.level ? LEVEL_LABELS[result.level] : '–'}</td>
              <td>{result.score ?? '–'}</td>
              {withText && <td>{result.resultText}</td>}
              <td>
                <UkTime at={result.resultDate} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The bksb section of a learner's or applicant's page. */
export function BksbPanel({ personType, personId, switchedOff, account, results }: BksbPanelProps): VNode {
  return (
    <PanelSection>
      {switchedOff && <p>{switchedOff}</p>}
      {account.kind === 'being-created' && <p>A bksb account is being created…</p>}
      {account.kind === 'linked' &&
        (switchedOff ? <AccountDetails account={account.account} /> : <Linked personType={personType} personId={personId} account={account.account} />)}
      {account.kind === 'none' && (switchedOff ? <p>No bksb account is linked.</p> : <NoAccount personType={personType} personId={personId} account={account} />)}
      <h3>Latest results</h3>
      {results.latest.length === 0 ? <Empty>No results yet.</Empty> : <ResultsTable label="Latest results" results={results.latest} />}
      <h3>History</h3>
      {results.history.length === 0 ? <Empty>No results yet.</Empty> : <ResultsTable label="History" results={results.history} withText />}
      <p class="hint">
        {results.lastSyncedAt ? (
          <>
            {'Last synced '}
            <UkTime at={results.lastSyncedAt} />.
          </>
        ) : (
          'Not synced yet.'
        )}
        {results.notEligibleBecause && ` The scheduled sync skips this person: ${results.notEligibleBecause}`}
      </p>
    </PanelSection>
  );
}
