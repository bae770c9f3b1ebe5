import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { IsCalendarDate } from '@picsweb/common';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** The field may be left out, but not set to null. */
export const NotNullIfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export const NameField = (field: string, example: string) =>
  applyDecorators(
    ApiProperty({ example }),
    trim,
    IsString({ message: `${field} must be text.` }),
    Length(1, 100, { message: `${field} must be 1 to 100 characters long.` }),
  );

export const EmailField = () =>
  applyDecorators(
    ApiPropertyOptional({ nullable: true, example: 'ann.lee@example.org' }),
    IsOptional(),
    trim,
    IsEmail({}, { message: 'email must be an email address, e.g. ann.lee@example.org, or null.' }),
    MaxLength(320, { message: 'email must be at most 320 characters.' }),
  );

export const DateField = (field: string) =>
  applyDecorators(
    ApiPropertyOptional({ nullable: true, example: '2026-09-01', format: 'date' }),
    IsOptional(),
    IsCalendarDate({ message: `${field} must be a date as YYYY-MM-DD (e.g. 2026-09-01), or null.` }),
  );

export const EnumField = (field: string, values: readonly string[]) =>
  applyDecorators(
    ApiPropertyOptional({ enum: values }),
    IsIn(values, { message: `${field} must be one of ${values.join(', ')}.` }),
  );
