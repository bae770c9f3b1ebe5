import { Choice, DataTable, Empty, Page, Pager, personPagePath, PersonType, PostButton, SelectField, UkDate } from '@picsweb/common';
import type { VNode } from 'preact';
import { AssessmentProgress } from '../../rules/assessment-progress';
import { ChasedSubjectKey } from '../../domain/bksb-domain';
import { chaseListPath, personActionPath, SUMMARY_PATH } from '../bksb-paths';
import { PERSON_TYPE_LABELS, PROGRESS_LABELS } from '../../labels/bksb-labels';
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

export function ChaseListPage({ filters, list, switchedOff }: ChaseListPageProps): VNode {
  const here = (page: number) => chaseListPath({ ...filters, page });
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
        Learners and applicants with a bksb account who have no initial assessment result in English or Maths, longest waiting first. Where
        each one has got to comes from bksb's assessment sessions, read for the subjects without a result at each scheduled sync, and for
        new accounts every half hour: a new account shows Not checked yet until then.
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
          <DataTable
            label="People to chase"
            rows={list.items}
            rowKey={(item) => item.id}
            columns={[
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
              { header: 'English', cell: (item) => <Progress progress={item.english} /> },
              { header: 'Maths', cell: (item) => <Progress progress={item.maths} /> },
              {
                header: 'Waiting',
                cell: (item) => (
                  <>
                    {item.waiting}
                    <br />
                    <span class="hint">
                      {'since '}
                      <UkDate date={item.accountSinceDate} />
                    </span>
                  </>
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
