import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from './api-error';

const UNKNOWN_PROPERTY = 'whitelistValidation';

function flatten(errors: ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    // Decorators run bottom-up, so the last failure is the topmost decorator: the most
    // basic check (type before length). One message a field is what a person can act on.
    const [constraint, message] = Object.entries(error.constraints ?? {}).at(-1) ?? [];
    const own = constraint
      ? [{ field, message: constraint === UNKNOWN_PROPERTY ? `${field} is not a known field. Remove it from the request.` : message! }]
      : [];
    return [...own, ...flatten(error.children ?? [], field)];
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

/** The one global pipe: strips nothing silently (unknown fields are errors) and converts types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: validationException,
  });
}
