import { Empty, Page, Pager, personPagePath, PostButton, TableScroll } from '@picsweb/common';
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
          <TableScroll label="People without a bksb account">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Email</th>
                  <th scope="col">Suggested bksb user</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {report.people.items.map((person) => (
                  <tr key={person.id}>
                    <td>
                      <a href={personPagePath(person.personType, person.id)}>{fullName(person)}</a>
                    </td>
                    <td>{PERSON_TYPE_LABELS[person.personType].one}</td>
                    <td>{person.email ?? '–'}</td>
                    <td>{person.suggestedUsername ?? '–'}</td>
                    <td>
                      <Actions person={person} back={unmatchedPath(report.people.page)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pager page={report.people.page} pageSize={report.people.pageSize} total={report.people.total} href={unmatchedPath} />
        </>
      )}
    </div>
  );
}
