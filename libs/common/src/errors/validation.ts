import { BadRequestException, Type, ValidationError, ValidationPipe } from '@nestjs/common';
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

function flatten(errors: ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    // One message a field is what a person can act on.
    const [constraint, message] = mostBasic(error.constraints ?? {}) ?? [];
    const own = constraint
      ? [{ field, message: constraint === UNKNOWN_PROPERTY ? `${field} is not a known field. Remove it from the request.` : message! }]
      : [];
    // A field that is wrong itself is reported once, not again through its parts.
    return own.length > 0 ? own : flatten(error.children ?? [], field);
  });
}

/** Turns class-validator errors into one 400 naming every field and its problem. */
export function validationException(errors: ValidationError[]): BadRequestException {
  const fieldErrors = flatten(errors);
  const fields = [...new Set(fieldErrors.map((e) => e.field))];
  return new BadRequestException({
    message: `Some fields are not valid: ${fields.join(', ')}. See errors for what to change.`,
    errors: fieldErrors,
  });
}

/**
 * The one validation pipe: unknown fields are errors, types are converted. Global with
 * no `expectedType`; a route whose body type is only known at run time (a generic
 * controller) passes its DTO class.
 */
export function createValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new ValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: validationException,
  });
}
