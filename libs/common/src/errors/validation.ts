import { ArgumentMetadata, BadRequestException, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from './api-error';

const UNKNOWN_PROPERTY = 'whitelistValidation';

/** When a field breaks several rules, the most basic one is reported: type before shape before size. */
const CONSTRAINT_PRIORITY = [
  UNKNOWN_PROPERTY,
  'isDefined',
  'isNotEmpty',
  'isString',
  'isBoolean',
  'isInt',
  'isNumber',
  'isArray',
  'isObject',
  'isIn',
  'isEnum',
  'isEmail',
  'isCalendarDate',
  'isUrl',
  'matches',
];

function mostBasic(constraints: Record<string, string>): [string, string] | undefined {
  const entries = Object.entries(constraints);
  const rank = (name: string) => {
    const index = CONSTRAINT_PRIORITY.indexOf(name);
    return index === -1 ? CONSTRAINT_PRIORITY.length : index;
  };
  return entries.sort(([a], [b]) => rank(a) - rank(b))[0];
}

const unknownField = (field: string): FieldError => ({ field, message: `${field} is not a known field. Remove it from the request.` });

function flatten(errors: ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    // One message a field is what a person can act on.
    const [constraint, message] = mostBasic(error.constraints ?? {}) ?? [];
    const own = constraint ? [constraint === UNKNOWN_PROPERTY ? unknownField(field) : { field, message: message! }] : [];
    // A field that is wrong itself is reported once, not again through its parts.
    return own.length > 0 ? own : flatten(error.children ?? [], field);
  });
}

/** Turns class-validator errors into one 400 naming every field and its problem. */
export function validationException(errors: ValidationError[]): BadRequestException {
  return fieldErrorsException(flatten(errors));
}

/** One 400 naming every field and its problem. */
export function fieldErrorsException(fieldErrors: FieldError[]): BadRequestException {
  const fields = [...new Set(fieldErrors.map((e) => e.field))];
  return new BadRequestException({
    message: `Some fields are not valid: ${fields.join(', ')}. See errors for what to change.`,
    errors: fieldErrors,
  });
}

/**
 * Names every object has through its prototype. class-validator's whitelist looks field
 * names up in a plain object, so it lets some of them through as if declared, and
 * Nest deletes `__proto__` and `constructor` silently: both are refused here instead.
 */
const BUILT_IN_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Every key of the value (nested objects and arrays too) that names a built-in member. */
function builtInKeys(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => {
    const field = path ? `${path}.${key}` : key;
    const own = BUILT_IN_NAMES.has(key) ? [unknownField(field)] : [];
    return [...own, ...builtInKeys((value as Record<string, unknown>)[key], field)];
  });
}

/**
 * Control characters (C0 and C1: a NUL byte, a line break, an escape...). No field of ours
 * holds several lines, so none allows even a tab or a newline; PostgreSQL refuses a NUL
 * in text, and a page would show it raw.
 */
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * The most items a list in a request may hold (the longest a DTO takes: a bulk action's
 * people), checked before anything else: class-transformer copies every item before a
 * DTO's own checks run, some 50 µs each, so a 1 MB list would stall the event loop.
 */
export const MAX_LIST_ITEMS = 2000;

/** What is refused before transforming: texts with a control character and lists too long (whose items are not read). */
function refusedBeforeTransform(value: unknown, path: string): FieldError[] {
  const field = path || 'value';
  if (typeof value === 'string') {
    return CONTROL_CHARACTER.test(value) ? [{ field, message: `${field} must not contain control characters (such as a NUL byte or a line break).` }] : [];
  }
  if (Array.isArray(value) && value.length > MAX_LIST_ITEMS) return [{ field, message: `${field} may hold at most ${MAX_LIST_ITEMS} items.` }];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => refusedBeforeTransform(item, path ? `${path}.${key}` : key));
}

/**
 * The validation pipe with built-in member names refused in bodies and queries, like any
 * other unknown field; control characters and lists too long refused first in every body,
 * query and path parameter, whether a DTO describes it or not (a page's form, an id in the path).
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const refused = refusedBeforeTransform(value, metadata.data ?? '');
      if (refused.length > 0) throw fieldErrorsException(refused);
    }
    const validated = this.toValidate(this.expectedType ? { ...metadata, metatype: this.expectedType } : metadata);
    if ((metadata.type === 'body' || metadata.type === 'query') && validated) {
      const refused = builtInKeys(value, '');
      if (refused.length > 0) throw fieldErrorsException(refused);
    }
    return super.transform(value, metadata);
  }
}

/**
 * The one validation pipe: unknown fields are errors, types are converted. Global with
 * no `expectedType`; a route whose body type is only known at run time (a generic
 * controller) passes its DTO class.
 */
export function createValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new StrictValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: validationException,
  });
}
