import { Choice, DataTable, Empty, Page, Pager, personPagePath, PersonType, PostButton, PostForm, SelectField, UkDate } from '@picsweb/common';
import type { VNode } from 'preact';
import { AssessmentProgress } from '../../rules/assessment-progress';
import { ChasedSubjectKey } from '../../domain/bksb-domain';
import { chaseListInvitePath, chaseListPath, personActionPath, SUMMARY_PATH } from '../bksb-paths';
import { PERSON_TYPE_LABELS, PROGRESS_LABELS, SCHEDULE, WHEN_RESULTS_ARRIVE } from '../../labels/bksb-labels';
import { personChoice } from '../unmatched/bulk-form';
import { fullName } from '../person/account-status';
import { LoginDetailsStatus } from '../person/login-details-status';
import { ChaseListRow } from './chase-list-rows';

export interface ChaseListFilters {
  personType: PersonType | '';
  subject: ChasedSubjectKey | '';
}

export interface ChaseListPageProps {
  filters: ChaseListFilters;
  list: Page<ChaseListRow>;
  /** Set when the integration is switched off: no login details can be sent. */
  switchedOff: string | null;
}

const WHO_CHOICES: Choice[] = [
  { value: '', label: 'Learners and applicants' },
  { value: 'learner', label: 'Learners' },
  { value: 'applicant', label: 'Applicants' },
];

const SUBJECT_CHOICES: Choice[] = [
  { value: '', label: 'English or Maths' },
  { value: 'english', label: 'English' },
  { value: 'maths', label: 'Maths' },
];

/** The state in words, with a mark so it is not told by colour alone. */
function Progress({ progress }: { progress: AssessmentProgress }): VNode {
  return <span class={`progress progress-${progress}`}>{PROGRESS_LABELS[progress]}</span>;
}

function SendLoginDetails({ item, back, switchedOff }: { item: ChaseListRow; back: string; switchedOff: boolean }): VNode {
  if (!item.createdByPics) return <span class="hint">Account made in bksb: they reset their password there</span>;
  if (switchedOff) return <span>–</span>;
  return (
    <PostButton
      action={personActionPath(item.personType, item.id, 'invite')}
      label="Send login details"
      name={`Send login details to ${fullName(item)}`}
      secondary
      hidden={{ back }}
    />
  );
}

const SEND_FORM_ID = 'send-form';

/** An email address that may break after its @ in a narrow column. */
function Email({ address }: { address: string }): VNode {
  const at = address.lastIndexOf('@');
  return (
    <span>
      {address.slice(0, at + 1)}
      <wbr />
      {address.slice(at + 1)}
    </span>
  );
}

/** Send login details to the people ticked below; the rows' checkboxes belong to this form through their `form` attribute. */
function SendToChosen({ back }: { back: string }): VNode {
  return (
    <PostForm action={chaseListInvitePath()} id={SEND_FORM_ID} class="bulk-form" aria-label="Send login details to several people">
      <input type="hidden" name="back" value={back} />
      <p class="bulk-form-title">Choose people below, then send each of them their login details at once.</p>
      <div class="actions">
        <button type="submit">Send login details</button>
      </div>
    </PostForm>
  );
}

export function ChaseListPage({ filters, list, switchedOff }: ChaseListPageProps): VNode {
  const here = (page: number) => chaseListPath({ ...filters, page });
  const canSend = switchedOff === null && list.items.some((item) => item.createdByPics);
  return (
    <div class="bksb-chase-list">
      <p class="breadcrumb">
        <a href={SUMMARY_PATH}>bksb Summary</a>
      </p>
      <div class="page-heading">
        <h1>Initial assessments to chase</h1>
        <a href={chaseListPath({ ...filters, format: 'csv' })} download>
          Download CSV
        </a>
      </div>
      <p>
        {`Learners and applicants with a bksb account who have no initial assessment result in English or Maths, longest waiting first. ${WHEN_RESULTS_ARRIVE} Where each one has got to comes from bksb's assessment sessions, read ${SCHEDULE.newAccountSessions} for new accounts and ${SCHEDULE.everyoneElse} for everyone else: until then it shows Not checked yet.`}
      </p>
      {switchedOff && (
        <div class="banner-problem" role="alert">
          <p>{switchedOff}</p>
        </div>
      )}
      <form method="get" action={chaseListPath()} class="filters" aria-label="Filter the list">
        <SelectField name="personType" label="Show" value={filters.personType} choices={WHO_CHOICES} />
        <SelectField name="subject" label="Not done" value={filters.subject} choices={SUBJECT_CHOICES} />
        <button type="submit" class="secondary">
          Filter
        </button>
      </form>
      {list.items.length === 0 ? (
        <Empty>Nobody to chase: everyone with a bksb account has done these initial assessments.</Empty>
      ) : (
        <>
          {canSend && <SendToChosen back={here(list.page)} />}
          <DataTable
            label="People to chase"
            rows={list.items}
            rowKey={(item) => item.id}
            columns={[
              {
                header: 'Choose',
                cell: (item) =>
                  canSend && item.createdByPics ? (
                    <input type="checkbox" form={SEND_FORM_ID} name="people" value={personChoice(item.personType, item.id)} aria-label={`Choose ${fullName(item)}`} />
                  ) : (
                    ''
                  ),
              },
              {
                header: 'Name',
                cell: (item) => (
                  <>
                    <a href={personPagePath(item.personType, item.id)} class="name">
                      {fullName(item)}
                    </a>
                    <br />
                    <span class="hint">{PERSON_TYPE_LABELS[item.personType].one}</span>
                  </>
                ),
              },
              { header: 'Email', cell: (item) => (item.email ? <Email address={item.email} /> : 'None') },
              { header: 'English', cell: (item) => <Progress progress={item.english} /> },
              { header: 'Maths', cell: (item) => <Progress progress={item.maths} /> },
              {
                header: 'Waiting',
                cell: (item) => (
                  <span class="waiting">
                    {`${item.waiting} (since `}
                    <UkDate date={item.accountSinceDate} />)
                  </span>
                ),
              },
              { header: 'Login details', cell: (item) => <LoginDetailsStatus details={item.loginDetails} createdByPics={item.createdByPics} brief /> },
              { header: 'Actions', cell: (item) => <SendLoginDetails item={item} back={here(list.page)} switchedOff={switchedOff !== null} /> },
            ]}
          />
          <Pager page={list.page} pageSize={list.pageSize} total={list.total} href={here} />
        </>
      )}
    </div>
  );
}
