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

/** Every text in the value (nested objects and arrays too) that holds a control character. */
function controlCharacters(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') {
    const field = path || 'value';
    return CONTROL_CHARACTER.test(value) ? [{ field, message: `${field} must not contain control characters (such as a NUL byte or a line break).` }] : [];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => controlCharacters(item, path ? `${path}.${key}` : key));
}

/**
 * The validation pipe with built-in member names refused in bodies and queries, like any
 * other unknown field, and control characters refused in every body, query and path
 * parameter, whether a DTO describes it or not (a page's form, an id in the path).
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const refused = controlCharacters(value, metadata.data ?? '');
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
