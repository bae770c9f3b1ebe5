import { countOf, DataTable, Empty, ErrorSummary, FieldError, fieldId, Page, Pager, personPagePath, PostButton, PostForm } from '@picsweb/common';
import type { VNode } from 'preact';
import { BULK_ACTION_LABELS } from '../../bulk/bksb-bulk-action.service';
import { BulkJobProgress } from '../../bulk/bksb-bulk-job.store';
import { UnmatchedPerson } from '../../views/bksb-unmatched.service';
import { bulkActionsPath, bulkJobPath, personActionPath, SUMMARY_PATH, unmatchedPath, withBack } from '../bksb-paths';
import { PERSON_TYPE_LABELS } from '../../labels/bksb-labels';
import { fullName } from '../person/account-status';
import { BulkScope, PEOPLE_FIELD, personChoice } from './bulk-form';

const BULK_FORM_ID = 'bulk-form';

export interface UnmatchedPageProps {
  /** The report, or why it cannot be shown (the integration is off, bksb cannot be reached). */
  report: { people: Page<UnmatchedPerson> } | { problem: string };
  /** The organisation's newest bulk action, if any. */
  latestJob: BulkJobProgress | null;
  /** The bulk form shown again after a refusal: the messages, the ticked rows and the scope. */
  bulk?: { errors: FieldError[]; chosen: string[]; scope: BulkScope };
}

/**
 * What can be done for a person: where bksb already has a likely user, linking it is the
 * main action and creating one a secondary one that warns it would be a second account;
 * a person who cannot have an account made is told why and what to do.
 */
function Actions({ person, back }: { person: UnmatchedPerson; back: string }): VNode {
  const name = fullName(person);
  const create = person.email && (
    <a href={withBack(personActionPath(person.personType, person.id, 'create'), back)} role="button" class="secondary" aria-label={`Create bksb account for ${name}`}>
      Create bksb account
    </a>
  );
  return (
    <div class="row-actions">
      {person.suggestedUsername && (
        <PostButton
          action={personActionPath(person.personType, person.id, 'link')}
          label="Link suggested account"
          name={`Link suggested account ${person.suggestedUsername} to ${name}`}
          hidden={{ username: person.suggestedUsername, back }}
        />
      )}
      {create}
      {person.suggestedUsername && create && <p class="hint">{`Create makes a second bksb account: bksb already has ${person.suggestedUsername}.`}</p>}
      {!person.email && (
        <p class="row-reason">
          {'No email address, so no bksb account can be made: add one on '}
          <a href={personPagePath(person.personType, person.id)}>{`${name}'s page`}</a>, then create it.
        </p>
      )}
    </div>
  );
}

/** The newest bulk action: a running one is said up front, a finished one in passing. */
function LatestJob({ job }: { job: BulkJobProgress }): VNode {
  const link = <a href={bulkJobPath(job.id)}>{`${BULK_ACTION_LABELS[job.action]}: ${job.done} of ${countOf(job.total, 'person', 'people')}`}</a>;
  return job.status === 'running' ? (
    <p class="notice">
      {'A bulk action is running: '}
      {link}. Another can start when it has finished.
    </p>
  ) : (
    <p>
      {'Last bulk action: '}
      {link}
      {job.status === 'failed' ? ' (stopped)' : ''}.
    </p>
  );
}

function Scope({ value, label, hint, checked }: { value: BulkScope; label: string; hint?: string; checked: boolean }): VNode {
  const id = `bulk-scope-${value}`;
  return (
    <div class="field checkbox">
      <label for={id}>
        <input type="radio" id={id} name="scope" value={value} checked={checked} aria-describedby={hint ? `${id}-hint` : undefined} />
        {label}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** The bulk actions: which people, and the two buttons. The rows' checkboxes belong to this form through their `form` attribute. */
function BulkForm({ people, bulk }: { people: Page<UnmatchedPerson>; bulk: UnmatchedPageProps['bulk'] }): VNode {
  const scope = bulk?.scope ?? 'chosen';
  const error = bulk?.errors.find((e) => e.field === PEOPLE_FIELD)?.message;
  return (
    <PostForm action={bulkActionsPath()} id={BULK_FORM_ID} class="bulk-form" aria-label="Bulk actions">
      <input type="hidden" name="page" value={String(people.page)} />
      {people.items.map((person) => (
        <input type="hidden" name="onPage" value={personChoice(person.personType, person.id)} key={person.id} />
      ))}
      <fieldset id={fieldId(PEOPLE_FIELD)} class={error ? 'field-with-error' : undefined} aria-describedby={error ? `${fieldId(PEOPLE_FIELD)}-error` : undefined}>
        <legend>Bulk actions: which people</legend>
        {error && (
          <p class="field-error" id={`${fieldId(PEOPLE_FIELD)}-error`}>
            <span class="visually-hidden">Error: </span>
            {error}
          </p>
        )}
        <Scope value="chosen" label="The people ticked below" checked={scope === 'chosen'} />
        <Scope value="page" label={`All on this page (${people.items.length})`} checked={scope === 'page'} />
        <Scope
          value="all"
          label={`All matching (${people.total})`}
          hint="Everyone on this report, on every page, at the moment you press the button."
          checked={scope === 'all'}
        />
      </fieldset>
      <div class="actions">
        <button type="submit" name="action" value="create">
          {BULK_ACTION_LABELS.create}
        </button>
        <button type="submit" name="action" value="link-suggested" class="secondary">
          {BULK_ACTION_LABELS['link-suggested']}
        </button>
      </div>
      <p class="hint">
        Create bksb accounts makes an account for each person with an email address (their email is the user name) and, when Auto Send Login
        Details is on, emails their login details. Link suggested accounts links each person to the bksb user named by their email, where bksb
        has one, and imports their results. People who cannot be done are skipped, with the reason.
      </p>
    </PostForm>
  );
}

export function UnmatchedPage({ report, latestJob, bulk }: UnmatchedPageProps): VNode {
  const chosen = new Set(bulk?.chosen ?? []);
  return (
    <div class="bksb-unmatched">
      <p class="breadcrumb">
        <a href={SUMMARY_PATH}>bksb Summary</a>
      </p>
      <div class="page-heading">
        <h1>People without a bksb account</h1>
        <a href={`${SUMMARY_PATH}/unmatched?format=csv`} download>
          Download CSV
        </a>
      </div>
      {bulk && <ErrorSummary errors={bulk.errors} />}
      <p>
        Learners and applicants whom the sync would check, but who have no bksb account yet. Where bksb has a user whose user name is the
        person's email, it is suggested: Link suggested account links it and imports their results.
      </p>
      {latestJob && <LatestJob job={latestJob} />}
      {'problem' in report ? (
        <div class="banner-problem" role="alert">
          <p>{report.problem}</p>
        </div>
      ) : report.people.items.length === 0 ? (
        <Empty>Everyone the sync checks has a bksb account.</Empty>
      ) : (
        <>
          <BulkForm people={report.people} bulk={bulk} />
          <DataTable
            label="People without a bksb account"
            rows={report.people.items}
            rowKey={(person) => person.id}
            columns={[
              {
                header: 'Choose',
                cell: (person) => (
                  <input
                    type="checkbox"
                    form={BULK_FORM_ID}
                    name="people"
                    value={personChoice(person.personType, person.id)}
                    checked={chosen.has(personChoice(person.personType, person.id))}
                    aria-label={`Choose ${fullName(person)}`}
                  />
                ),
              },
              {
                header: 'Name',
                cell: (person) => (
                  <>
                    <a href={personPagePath(person.personType, person.id)}>{fullName(person)}</a>
                    <br />
                    <span class="hint">{PERSON_TYPE_LABELS[person.personType].one}</span>
                  </>
                ),
              },
              { header: 'Email', cell: (person) => person.email ?? 'None' },
              { header: 'Suggested bksb user', cell: (person) => person.suggestedUsername ?? 'None' },
              { header: 'Actions', cell: (person) => <Actions person={person} back={unmatchedPath(report.people.page)} /> },
            ]}
          />
          <Pager page={report.people.page} pageSize={report.people.pageSize} total={report.people.total} href={unmatchedPath} />
        </>
      )}
    </div>
  );
}
