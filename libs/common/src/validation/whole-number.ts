import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * Query text becomes a number only when it is plain decimal digits: "1e3", "0x10",
 * " 2", "1.0" or "-1" stay text and fail IsInt. Nine digits at most, so Number() never
 * rounds and a 20-digit page never reaches the database as 1e20.
 */
const plainDecimal = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

/** An optional query parameter holding a whole number within bounds, with one message for every way it can be wrong. */
export const WholeNumberQuery = (min: number, max: number) => {
  const message = `$property must be a whole number from ${min} to ${max}.`;
  return applyDecorators(IsOptional(), Transform(plainDecimal), IsInt({ message }), Min(min, { message }), Max(max, { message }));
};
