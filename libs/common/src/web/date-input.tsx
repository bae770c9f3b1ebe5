import type { VNode } from 'preact';
import { FieldError } from '../errors/api-error';
import { describedField, HintAndError } from './components';

/** What was typed in a date input's three boxes, kept as typed. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The three boxes of date input `name` from a query or form (`<name>Day`, `<name>Month`, `<name>Year`). */
export const datePartsOf = (raw: Record<string, unknown>, name: string): DateParts => ({
  day: text(raw[`${name}Day`]),
  month: text(raw[`${name}Month`]),
  year: text(raw[`${name}Year`]),
});

/** The boxes as query values, for links that keep them. */
export const dateQuery = (name: string, parts: DateParts): Record<string, string> => ({
  [`${name}Day`]: parts.day,
  [`${name}Month`]: parts.month,
  [`${name}Year`]: parts.year,
});

/**
 * The date the boxes hold as YYYY-MM-DD, `undefined` when all three are empty, or a
 * message as GOV.UK's date input pattern words it ("... must include a month", "... must
 * be a real date").
 */
export function readDateParts(parts: DateParts, label: string): { date?: string; error?: string } {
  const { day, month, year } = parts;
  if (!day && !month && !year) return {};
  const missing = (['day', 'month', 'year'] as const).filter((part) => !parts[part]);
  if (missing.length > 0) return { error: `${label} must include a ${missing.join(' and a ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { error: `${label} must be a real date, like 27 3 2026` };
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) {
    return { error: `${label} must be a real date, like 27 3 2026` };
  }
  return { date: date.toISOString().slice(0, 10) };
}

/**
 * GOV.UK's date input: a fieldset named by its legend, with Day, Month and Year boxes
 * (numbers typed, no browser date picker). The error summary links to the Day box
 * (`fieldId(name)`).
 */
export function DateInput(props: { name: string; legend: string; hint?: string; value: DateParts; errors?: FieldError[] }): VNode {
  const { id, error, describedBy } = describedField(props);
  const box = (part: keyof DateParts, label: string, width: string) => (
    <div class={`date-input-item date-input-${width}`}>
      <label for={part === 'day' ? id : `${id}-${part}`}>{label}</label>
      <input
        id={part === 'day' ? id : `${id}-${part}`}
        name={`${props.name}${label}`}
        type="text"
        inputMode="numeric"
        value={props.value[part]}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
  return (
    <div class={error ? 'field field-with-error' : 'field'}>
      <fieldset class="date-input" role="group" aria-describedby={describedBy}>
        <legend>{props.legend}</legend>
        <HintAndError id={id} hint={props.hint} error={error} />
        <div class="date-input-boxes">
          {box('day', 'Day', 'short')}
          {box('month', 'Month', 'short')}
          {box('year', 'Year', 'long')}
        </div>
      </fieldset>
    </div>
  );
}
