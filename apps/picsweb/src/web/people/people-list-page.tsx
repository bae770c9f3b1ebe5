import { DataTable, Empty, Page, Pager, PersonType } from '@picsweb/common';
import type { VNode } from 'preact';
import { PersonView } from '../../people/people.service';
import { PERSON_KINDS, STATUS_LABELS } from './person-labels';

export interface PeopleListProps {
  type: PersonType;
  search: string;
  people: Page<PersonView>;
}

const statusOf = (person: PersonView) =>
  [STATUS_LABELS[person.systemStatus], STATUS_LABELS[person.learningStatus ?? person.applicationStatus ?? '']].filter(Boolean).join(', ');

export function PeopleListPage({ type, search, people }: PeopleListProps): VNode {
  const kind = PERSON_KINDS[type];
  const href = (page: number) => `${kind.path}?${new URLSearchParams({ search, page: String(page) })}`;
  return (
    <>
      <div class="page-heading">
        <h1>{kind.many}</h1>
        <a href={`${kind.path}/new`} role="button">{`Add ${kind.one}`}</a>
      </div>
      <form method="get" action={kind.path} class="search-form">
        <label for="search">Search</label>
        <div class="search-row">
          <input id="search" name="search" type="search" value={search} />
          <button type="submit" class="secondary">
            Search
          </button>
        </div>
      </form>
      {people.items.length === 0 ? (
        <Empty>{search ? `No ${kind.many.toLowerCase()} match "${search}".` : `No ${kind.many.toLowerCase()} yet.`}</Empty>
      ) : (
        <DataTable
          label={kind.many}
          rows={people.items}
          rowKey={(person) => person.id}
          columns={[
            { header: 'Name', cell: (person) => <a href={`${kind.path}/${person.id}`}>{`${person.firstName} ${person.lastName}`}</a> },
            { header: 'Email', cell: (person) => person.email ?? '–' },
            { header: 'Status', cell: statusOf },
            { header: 'Tags', cell: (person) => person.tags.map((tag) => tag.name).join(', ') || '–' },
          ]}
        />
      )}
      <Pager page={people.page} pageSize={people.pageSize} total={people.total} href={href} />
    </>
  );
}
