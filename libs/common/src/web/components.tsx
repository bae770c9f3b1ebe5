import { createContext, type ComponentChildren, type VNode } from 'preact';
import { useContext } from 'preact/hooks';
import { FieldError } from '../errors/api-error';
import { formatUkDate, formatUkDateTime } from './uk-time';

/** The CSRF token of the page being rendered; every form takes it from here. */
export const CsrfToken = createContext('');

/** The id of a field's control, from its form name (`learnerTags.english` -> `field-learnerTags-english`). */
export const fieldId = (name: string) => `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A POST form that carries the CSRF token. */
export function PostForm(props: { action: string; children: ComponentChildren; class?: string; id?: string; 'aria-label'?: string }): VNode {
  const csrf = useContext(CsrfToken);
  return (
    <form method="post" action={props.action} class={props.class} id={props.id} aria-label={props['aria-label']} noValidate>
      <input type="hidden" name="_csrf" value={csrf} />
      {props.children}
    </form>
  );
}

/** One button that posts to `action`: an action on a thing, such as Remove or Send. */
export function PostButton(props: { action: string; label: string; name?: string; secondary?: boolean; hidden?: Record<string, string> }): VNode {
  return (
    <PostForm action={props.action} class="inline-form">
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} key={name} />
      ))}
      <button type="submit" class={props.secondary ? 'secondary' : undefined} aria-label={props.name}>
        {props.label}
      </button>
    </PostForm>
  );
}

/** An instant in UK local time, with the ISO instant for machines. */
export function UkTime({ at }: { at: Date | string | null | undefined }): VNode {
  if (at == null) return <span>–</span>;
  const instant = typeof at === 'string' ? new Date(at) : at;
  return <time dateTime={instant.toISOString()}>{formatUkDateTime(instant)}</time>;
}

export function UkDate({ date }: { date: string | null | undefined }): VNode {
  if (!date) return <span>–</span>;
  return <time dateTime={date}>{formatUkDate(date)}</time>;
}

/** GOV.UK's error summary: the problems at the top of the form, each linking to its field. */
export function ErrorSummary({ errors }: { errors: FieldError[] }): VNode | null {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {errors.map((error) => (
          <li key={error.field}>
            <a href={`#${fieldId(error.field)}`}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  errors?: FieldError[];
}

const errorOf = (props: Omit<FieldProps, 'label'>) => props.errors?.find((error) => error.field === props.name)?.message;

/** A field's id, its message (if refused) and the ids of its hint and message for aria-describedby. */
export function describedField(props: Omit<FieldProps, 'label'>): { id: string; error: string | undefined; describedBy: string | undefined } {
  const id = fieldId(props.name);
  const error = errorOf(props);
  return { id, error, describedBy: [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined };
}

/** A field's hint and message, with the ids `describedField` names. */
export function HintAndError({ id, hint, error }: { id: string; hint?: string; error?: string }): VNode {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
    </>
  );
}

/** The label, hint and message above a control, tied to it with aria-describedby. */
function FieldFrame(props: FieldProps & { children: (described: { id: string; describedBy?: string; invalid: boolean }) => VNode }): VNode {
  const { id, error, describedBy } = describedField(props);
  return (
    <div class={error ? 'field field-with-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <HintAndError id={id} hint={props.hint} error={error} />
      {props.children({ id, describedBy, invalid: Boolean(error) })}
    </div>
  );
}

export function TextField(
  props: FieldProps & { value?: string | null; type?: 'text' | 'email' | 'password' | 'date' | 'search' | 'url'; autocomplete?: string; required?: boolean },
): VNode {
  return (
    <FieldFrame {...props}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          autocomplete={props.autocomplete}
          required={props.required}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
        />
      )}
    </FieldFrame>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function SelectField(props: FieldProps & { value?: string | null; choices: Choice[] }): VNode {
  return (
    <FieldFrame {...props}>
      {({ id, describedBy, invalid }) => (
        <select id={id} name={props.name} aria-describedby={describedBy} aria-invalid={invalid ? 'true' : undefined}>
          {props.choices.map((choice) => (
            <option value={choice.value} selected={choice.value === (props.value ?? '')} key={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** A yes/no setting; a hidden "false" goes first so an unticked box still says no. */
export function CheckboxField(props: FieldProps & { checked: boolean }): VNode {
  const id = fieldId(props.name);
  const error = errorOf(props);
  return (
    <div class={error ? 'field checkbox field-with-error' : 'field checkbox'}>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <input type="hidden" name={props.name} value="false" />
      <label for={id}>
        <input
          id={id}
          type="checkbox"
          name={props.name}
          value="true"
          checked={props.checked}
          aria-describedby={[props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
        />
        {props.label}
      </label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** Previous / Next links of a paged list, keeping the other query parameters. */
export function Pager(props: { page: number; pageSize: number; total: number; href: (page: number) => string }): VNode | null {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return <p class="pager-count">{`${props.total} in all`}</p>;
  return (
    <nav class="pager" aria-label="Pages">
      {props.page > 1 ? <a href={props.href(props.page - 1)}>Previous</a> : <span />}
      <span>{`Page ${props.page} of ${pages} (${props.total} in all)`}</span>
      {props.page < pages ? <a href={props.href(props.page + 1)}>Next</a> : <span />}
    </nav>
  );
}

/** A short text under a heading saying there is nothing to show. */
export function Empty({ children }: { children: ComponentChildren }): VNode {
  return <p class="empty">{children}</p>;
}

/** A wide table scrolls inside its own region (reachable by keyboard) instead of widening the page. */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }): VNode {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ComponentChildren;
}

/**
 * A table of rows, one column per field, scrolling in its own region when wide; on a phone
 * (below 600 px) each row stacks, every value under its column's name (class `stack`, each
 * cell's `data-label`: the one stacked-table behaviour, for hand-made tables too).
 */
export function DataTable<Row>(props: { label: string; columns: Array<Column<Row>>; rows: Row[]; rowKey: (row: Row) => string }): VNode {
  return (
    <TableScroll label={props.label}>
      <table class="stack">
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col" key={column.header}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((column) => (
                <td key={column.header} data-label={column.header}>
                  <div class="cell">{column.cell(row)}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** One label and its value in a SummaryList. */
export function SummaryRow({ label, children }: { label: string; children: ComponentChildren }): VNode {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Labels and their values, side by side on a desk and stacked on a phone. */
export function SummaryList({ rows }: { rows: Array<[string, ComponentChildren]> }): VNode {
  return (
    <dl class="summary-list">
      {rows.map(([label, value]) => (
        <SummaryRow key={label} label={label}>
          {value}
        </SummaryRow>
      ))}
    </dl>
  );
}

/** A status tag's colour; its word always says the status too, so colour is never alone. */
export type StatusTone = 'green' | 'amber' | 'red' | 'blue' | 'grey';

/** A status shown as a tag (GOV.UK's Tag): its word on a tinted ground, the same look for a status wherever it is shown. */
export function StatusTag({ tone, children }: { tone: StatusTone; children: ComponentChildren }): VNode {
  return <strong class={`status-tag status-tag-${tone}`}>{children}</strong>;
}

/** The status of a run or a job, as every page words it. */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';

export const RUN_STATUS_TAGS: Record<RunStatus, { label: string; tone: StatusTone }> = {
  queued: { label: 'Queued', tone: 'grey' },
  running: { label: 'Running', tone: 'blue' },
  succeeded: { label: 'Succeeded', tone: 'green' },
  partial: { label: 'Partly failed', tone: 'amber' },
  failed: { label: 'Failed', tone: 'red' },
};

/** A run's or job's status tag: Queued, Running, Succeeded, Partly failed or Failed. */
export function RunStatusTag({ status }: { status: RunStatus }): VNode {
  const tag = RUN_STATUS_TAGS[status];
  return <StatusTag tone={tag.tone}>{tag.label}</StatusTag>;
}

/** A number with its noun in the right form: "1 person", "3 people", "0 results". */
export const countOf = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** How far a thing under way has got: "x of N people" above a progress bar (GOV.UK-like, the words carry it without the bar). */
export function ProgressBar({ id, done, total, noun }: { id: string; done: number; total: number; noun: { one: string; many: string } }): VNode {
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  return (
    <div class="progress-figure">
      <label for={id}>{`${done} of ${countOf(total, noun.one, noun.many)} (${percent}%)`}</label>
      <progress id={id} max={total || 1} value={total === 0 ? 1 : done} />
    </div>
  );
}

/** GOV.UK's warning text: an important thing to do or know, with "Warning" said to screen readers. */
export function WarningText({ children }: { children: ComponentChildren }): VNode {
  return (
    <div class="warning-text">
      <span class="warning-text-icon" aria-hidden="true">
        !
      </span>
      <strong class="warning-text-text">
        <span class="visually-hidden">Warning: </span>
        {children}
      </strong>
    </div>
  );
}
