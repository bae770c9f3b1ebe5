import { BadRequestException, Type } from '@nestjs/common';
import { FieldError } from '../errors/api-error';
import { createValidationPipe } from '../errors/validation';

export type FormCheck<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Checks a form's input with the same DTO (and the same messages) as the JSON API, so
 * a page and the API refuse exactly the same things.
 */
export async function checkForm<T>(dto: Type<T>, input: object): Promise<FormCheck<T>> {
  try {
    const value = (await createValidationPipe(dto).transform(input, { type: 'body', metatype: dto })) as T;
    return { ok: true, value };
  } catch (error) {
    const errors = fieldErrorsOf(error);
    if (errors) return { ok: false, errors };
    throw error;
  }
}

/** The per-field messages of a 400 from a service or DTO check, or undefined for any other error. */
export function fieldErrorsOf(error: unknown): FieldError[] | undefined {
  if (!(error instanceof BadRequestException)) return undefined;
  const body = error.getResponse() as { errors?: FieldError[]; message?: string };
  if (Array.isArray(body.errors)) return body.errors;
  return [{ field: '', message: typeof body.message === 'string' ? body.message : error.message }];
}

/** An empty text box means "no value" (null) for an optional field. */
export const blankToNull = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** Messages for people: the API's field name at the start of a message becomes the field's label. */
export function withLabels(errors: FieldError[], labels: Record<string, string>): FieldError[] {
  return errors.map((error) => {
    const label = labels[error.field];
    return label && error.message.startsWith(error.field) ? { ...error, message: label + error.message.slice(error.field.length) } : error;
  });
}
