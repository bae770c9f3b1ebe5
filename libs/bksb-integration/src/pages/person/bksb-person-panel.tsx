import { Column, DataTable, Empty, PersonType, PostButton, PostForm, UkTime } from '@picsweb/common';
import type { ComponentChildren, VNode } from 'preact';
import { AccountView, ResultView, TagsApplied } from '../../views/bksb-person-panel.service';
import type { NextCheck } from '../../sync/bksb-next-check.service';
import { CHECK_REASON_LABELS, LEVEL_LABELS, RESULT_KIND_LABELS, SUBJECT_LABELS } from '../../labels/bksb-labels';
import { AccountStatus } from './account-status';
import { HELP_PATH, personActionPath } from '../bksb-paths';
import { UsernameField } from './bksb-person-pages';
import { LoginDetailsStatus } from './login-details-status';
import { SubjectKey } from '../../domain/bksb-domain';

/** One subject's row of the Results table. */
export interface SubjectResults {
  subject: SubjectKey;
  latestInitial: ResultView | null;
  /** The initial result of the highest level (the newer of two at that level). */
  bestInitial: ResultView | null;
  latestDiagnostic: ResultView | null;
}

export interface PanelResults {
  /** The subjects with a result, English, Maths, ICT. */
  subjects: SubjectResults[];
  /** Newest first. */
  history: ResultView[];
  /** The tags the integration applied, per subject, and when. */
  tagsApplied: TagsApplied[];
  lastSyncedAt: Date | null;
  /** When the sync next checks the person, and why; null when it does not. */
  nextCheck: NextCheck | null;
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

function PanelSection({ children, help = true }: { children: ComponentChildren; help?: boolean }): VNode {
  return (
    <section class="panel bksb-panel" aria-labelledby="bksb-heading">
      <div class="panel-heading">
        <h2 id="bksb-heading">bksb</h2>
        {help && <a href={`${HELP_PATH}#a-persons-bksb-panel`}>Help</a>}
      </div>
      {children}
    </section>
  );
}

/** Without the licence: the licence message only. */
export function BksbPanelNotLicensed({ message }: { message: string }): VNode {
  return (
    <PanelSection help={false}>
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
        <dt>Login details</dt>
        <dd>
          <LoginDetailsStatus details={account.loginDetails} createdByPics={account.createdByPics} />
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
      {/* Where bksb already has a likely user, linking it comes first and creating warns of a second account. */}
      {account.suggestedUsername && (
        <div class="actions">
          <PostButton
            action={personActionPath(personType, personId, 'link')}
            label="Link suggested account"
            name={`Link suggested account ${account.suggestedUsername}`}
            hidden={{ username: account.suggestedUsername }}
          />
          <span>{`bksb already has the user ${account.suggestedUsername}, likely this person.`}</span>
        </div>
      )}
      {'reason' in account.create ? (
        <p>{account.create.reason}</p>
      ) : (
        <div class="actions create-account">
          <a href={personActionPath(personType, personId, 'create')} role="button" class={account.suggestedUsername ? 'secondary' : undefined}>
            Create bksb account
          </a>
          {account.suggestedUsername && <span class="hint">{`Creating makes a second bksb account: bksb already has ${account.suggestedUsername}.`}</span>}
        </div>
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

/** After a failed or unclear email, sending is sending again. */
const sendLabel = (account: AccountView) => (account.loginDetails.state === 'failed' || account.loginDetails.state === 'unclear' ? 'Send again' : 'Send login details');

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
        {account.createdByPics && <PostButton action={personActionPath(personType, personId, 'invite')} label={sendLabel(account)} secondary />}
        {unlink}
      </div>
    </>
  );
}

/** A result in one place: its level (or bksb's words when it names no level), with the score when there is one. */
const resultWords = (result: ResultView) => `${result.level ? LEVEL_LABELS[result.level] : result.resultText}${result.score === null ? '' : ` (score ${result.score})`}`;

function ResultCell({ result }: { result: ResultView | null }): VNode {
  if (!result) return <span class="empty">None yet</span>;
  return (
    <>
      {resultWords(result)}
      <br />
      <span class="hint">
        <UkTime at={result.resultDate} />
      </span>
    </>
  );
}

const RESULT_COLUMNS: Array<Column<SubjectResults>> = [
  { header: 'Subject', cell: (row) => SUBJECT_LABELS[row.subject] },
  { header: 'Latest initial', cell: (row) => <ResultCell result={row.latestInitial} /> },
  { header: 'Best initial', cell: (row) => <ResultCell result={row.bestInitial} /> },
  { header: 'Latest diagnostic', cell: (row) => <ResultCell result={row.latestDiagnostic} /> },
];

const HISTORY_COLUMNS: Array<Column<ResultView>> = [
  { header: 'Subject', cell: (result) => result.subject ?? result.courseName },
  { header: 'Assessment', cell: (result) => RESULT_KIND_LABELS[result.kind] },
  { header: 'Result', cell: resultWords },
  { header: 'Completed', cell: (result) => <UkTime at={result.resultDate} /> },
];

/**
 * One Results section: per subject the latest initial and diagnostic result with the best
 * initial beside them; every result, newest first, folded away; which tags PICSWeb applied.
 */
function Results({ results }: { results: PanelResults }): VNode {
  return (
    <>
      <h3>Results</h3>
      {results.subjects.length === 0 && results.history.length === 0 ? (
        <Empty>No results yet.</Empty>
      ) : (
        <>
          <DataTable label="Results" rows={results.subjects} rowKey={(row) => row.subject} columns={RESULT_COLUMNS} />
          <details>
            <summary>{`Every result (${results.history.length})`}</summary>
            <DataTable label="History" rows={results.history} rowKey={(result) => `${result.kind}-${result.bksbSessionId}`} columns={HISTORY_COLUMNS} />
          </details>
        </>
      )}
      {results.tagsApplied.length > 0 && (
        <>
          <h4>Tags applied by PICSWeb</h4>
          <ul class="tags-applied">
            {results.tagsApplied.map((applied) => (
              <li key={applied.subject}>
                {`${SUBJECT_LABELS[applied.subject]}: ${applied.tags.length ? applied.tags.map((tag) => tag.name).join(', ') : 'none (no tags were chosen in Settings then)'}, `}
                <UkTime at={applied.at} />
              </li>
            ))}
          </ul>
          <p class="hint">Applied once, at the subject's first initial result: a tag removed by hand is not applied again.</p>
        </>
      )}
    </>
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
      <Results results={results} />
      <p class="hint">
        {results.lastSyncedAt ? (
          <>
            {'Last synced '}
            <UkTime at={results.lastSyncedAt} />.
          </>
        ) : (
          'Not synced yet.'
        )}
        {results.nextCheck && (
          <>
            {' Next checked '}
            {results.nextCheck.at ? <UkTime at={results.nextCheck.at} /> : 'soon'}
            {`: ${CHECK_REASON_LABELS[results.nextCheck.reason].name.toLowerCase()} (${CHECK_REASON_LABELS[results.nextCheck.reason].why}).`}
          </>
        )}
        {results.notEligibleBecause && ` The scheduled sync skips this person: ${results.notEligibleBecause}`}
      </p>
    </PanelSection>
  );
}
