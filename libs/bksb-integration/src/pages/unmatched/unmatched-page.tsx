import { DataTable, Empty, Page, Pager, personPagePath, PostButton } from '@picsweb/common';
import type { VNode } from 'preact';
import { UnmatchedPerson } from '../../services/bksb-unmatched.service';
import { SUMMARY_PATH } from '../bksb-web-extensions';
import { PERSON_TYPE_LABELS } from '../bksb-labels';
import { fullName } from '../person/account-status';
import { personActionPath, unmatchedPath, withBack } from '../person/bksb-person-paths';

export interface UnmatchedPageProps {
  /** The report, or why it cannot be shown (the integration is off, bksb cannot be reached). */
  report: { people: Page<UnmatchedPerson> } | { problem: string };
}

function Actions({ person, back }: { person: UnmatchedPerson; back: string }): VNode {
  const name = fullName(person);
  return (
    <div class="actions">
      {person.suggestedUsername && (
        <PostButton
          action={personActionPath(person.personType, person.id, 'link')}
          label="Link"
          name={`Link ${name} to ${person.suggestedUsername}`}
          hidden={{ username: person.suggestedUsername, back }}
        />
      )}
      {person.email && (
        <a href={withBack(personActionPath(person.personType, person.id, 'create'), back)} role="button" class="secondary" aria-label={`Create bksb account for ${name}`}>
          Create bksb account
        </a>
      )}
    </div>
  );
}

export function UnmatchedPage({ report }: UnmatchedPageProps): VNode {
  return (
    <div class="bksb-unmatched">
      <p class="breadcrumb">
        <a href={SUMMARY_PATH}>bksb Summary</a>
      </p>
      <h1>People without a bksb account</h1>
      <p>
        Learners and applicants whom the sync would check, but who have no bksb account yet. Where bksb has a user whose user name is the
        person's email, it is suggested: Link links it and imports their results.
      </p>
      {'problem' in report ? (
        <div class="banner-problem" role="alert">
          <p>{report.problem}</p>
        </div>
      ) : report.people.items.length === 0 ? (
        <Empty>Everyone the sync checks has a bksb account.</Empty>
      ) : (
        <>
          <DataTable
            label="People without a bksb account"
            rows={report.people.items}
            rowKey={(person) => person.id}
            columns={[
              { header: 'Name', cell: (person) => <a href={personPagePath(person.personType, person.id)}>{fullName(person)}</a> },
              { header: 'Type', cell: (person) => PERSON_TYPE_LABELS[person.personType].one },
              { header: 'Email', cell: (person) => person.email ?? '–' },
              { header: 'Suggested bksb user', cell: (person) => person.suggestedUsername ?? '–' },
              { header: 'Actions', cell: (person) => <Actions person={person} back={unmatchedPath(report.people.page)} /> },
            ]}
          />
          <Pager page={report.people.page} pageSize={report.people.pageSize} total={report.people.total} href={unmatchedPath} />
        </>
      )}
    </div>
  );
}
