import { Column, DataTable, Empty, Page, Pager, personPagePath, PersonType } from '@picsweb/common';
import type { VNode } from 'preact';
import { fullName } from './person/account-status';

interface ChosenPerson {
  id: string;
  personType: PersonType;
  firstName: string;
  lastName: string;
}

/**
 * The people behind a chosen figure (a bar of the levels chart, a cell of the skills
 * table), a page at a time, each name a link to the person; the figure's own columns
 * follow the name. Not a landmark of its own: its table is the region named by the same heading.
 */
export function ChosenPeople<P extends ChosenPerson>(props: { heading: string; people: Page<P>; pageHref: (page: number) => string; columns: Array<Column<P>> }): VNode {
  return (
    <section id="people" class="levels-people">
      <h2 id="people-heading">{props.heading}</h2>
      {props.people.items.length === 0 ? (
        <Empty>Nobody.</Empty>
      ) : (
        <>
          <DataTable
            label={props.heading}
            rows={props.people.items}
            rowKey={(person) => person.id}
            columns={[{ header: 'Name', cell: (person) => <a href={personPagePath(person.personType, person.id)}>{fullName(person)}</a> }, ...props.columns]}
          />
          <Pager page={props.people.page} pageSize={props.people.pageSize} total={props.people.total} href={props.pageHref} />
        </>
      )}
    </section>
  );
}
