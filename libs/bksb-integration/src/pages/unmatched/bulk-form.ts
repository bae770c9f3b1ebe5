import { FieldError, PersonType } from '@picsweb/common';

/** Which people the unmatched report's bulk form means. */
export type BulkScope = 'chosen' | 'page' | 'all';

/** A row's checkbox value: the person's type and id. */
export const personChoice = (type: PersonType, id: string): string => `${type}:${id}`;

/** The form's field for the people: its error is shown there, and the error summary links to it. */
export const PEOPLE_FIELD = 'people';

export const NOTHING_CHOSEN = 'Tick at least one person, or choose All on this page or All matching.';

export interface BulkFormInput {
  scope: BulkScope;
  /** The ticked rows (kept to show the form again). */
  chosen: string[];
  /** The API's body, to be checked with the same DTO. */
  body: { action: unknown; people: unknown };
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string' && item !== '');

/** `learner:<id>` as the API's {personType, id}; anything else is passed on for the DTO to refuse. */
function personRef(choice: string): { personType: string; id: string } {
  const colon = choice.indexOf(':');
  return colon === -1 ? { personType: '', id: choice } : { personType: choice.slice(0, colon), id: choice.slice(colon + 1) };
}

/** Reads the posted form: the button pressed (action), the scope, the ticked rows and the rows of the page. */
export function bulkFormInput(form: Record<string, unknown>): BulkFormInput {
  const scope: BulkScope = form.scope === 'page' || form.scope === 'all' ? form.scope : 'chosen';
  const chosen = [...new Set(list(form.people))];
  const people = scope === 'all' ? { all: true } : (scope === 'page' ? list(form.onPage) : chosen).map(personRef);
  return { scope, chosen, body: { action: form.action, people } };
}

/** The DTO's messages about the people, as one message on the form's people field. */
export function bulkFormErrors(input: BulkFormInput, errors: FieldError[]): FieldError[] {
  if (input.scope === 'chosen' && input.chosen.length === 0) return [{ field: PEOPLE_FIELD, message: NOTHING_CHOSEN }];
  const named = errors.map((error) => (error.field.startsWith(PEOPLE_FIELD) ? { field: PEOPLE_FIELD, message: error.message } : error));
  return named.filter((error, index) => named.findIndex((other) => other.field === error.field) === index);
}
