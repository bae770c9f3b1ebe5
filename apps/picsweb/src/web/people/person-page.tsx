import { Empty, PersonType, PostButton, PostForm, SummaryList, TagRef, UkDate } from '@picsweb/common';
import type { VNode } from 'preact';
import { PersonView } from '../../people/people.service';
import { PERSON_KINDS, STATUS_LABELS } from './person-labels';

export interface PersonPageProps {
  type: PersonType;
  person: PersonView;
  /** The organisation's tags the person does not have yet. */
  tagsToAdd: TagRef[];
  panels: VNode[];
}

export function PersonPage({ type, person, tagsToAdd, panels }: PersonPageProps): VNode {
  const kind = PERSON_KINDS[type];
  const base = `${kind.path}/${person.id}`;
  const rows: Array<[string, VNode | string]> = [
    ['Email', person.email ?? '–'],
    ['Date of birth', <UkDate date={person.dateOfBirth} />],
    ['System status', STATUS_LABELS[person.systemStatus]],
    ...(type === 'learner'
      ? ([
          ['Learning status', STATUS_LABELS[person.learningStatus ?? '']],
          ['Start date', <UkDate date={person.startDate} />],
          ['End date', <UkDate date={person.endDate} />],
        ] as Array<[string, VNode | string]>)
      : ([
          ['Application status', STATUS_LABELS[person.applicationStatus ?? '']],
          ['Closed on', <UkDate date={person.closedOn} />],
        ] as Array<[string, VNode | string]>)),
  ];
  return (
    <>
      <p class="breadcrumb">
        <a href={kind.path}>{kind.many}</a>
      </p>
      <div class="page-heading">
        <h1>{`${person.firstName} ${person.lastName}`}</h1>
        <a href={`${base}/edit`} role="button" class="secondary">
          Edit
        </a>
      </div>
      <SummaryList rows={rows} />
      <section aria-labelledby="tags-heading">
        <h2 id="tags-heading">Tags</h2>
        {person.tags.length === 0 ? (
          <Empty>No tags.</Empty>
        ) : (
          <ul class="chips">
            {person.tags.map((tag) => (
              <li key={tag.id} class="chip">
                <span>{tag.name}</span>
                <PostButton action={`${base}/tags/${tag.id}/remove`} label="✕" name={`Remove ${tag.name}`} secondary />
              </li>
            ))}
          </ul>
        )}
        {tagsToAdd.length > 0 && (
          <PostForm action={`${base}/tags`} class="add-tag">
            <label for="field-tagId">Add tag</label>
            <div class="search-row">
              <select id="field-tagId" name="tagId">
                {tagsToAdd.map((tag) => (
                  <option value={tag.id} key={tag.id}>
                    {tag.name}
                  </option>
                ))}
              </select>
              <button type="submit" class="secondary">
                Add tag
              </button>
            </div>
          </PostForm>
        )}
      </section>
      {panels}
    </>
  );
}
