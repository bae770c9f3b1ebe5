import { Column, ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Instants are stored as ISO 8601 UTC text of fixed width (`2026-11-29T20:03:05.123Z`):
 * the same on SQLite and PostgreSQL, independent of the server's time zone, readable,
 * and ordered correctly by plain text comparison (leases, windows, sorting).
 */
export const INSTANT_LENGTH = 24;

export const instantTransformer: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.toISOString()),
  from: (value: string | null) => (value == null ? null : new Date(value)),
};

export function InstantColumn(options: Omit<ColumnOptions, 'type' | 'length' | 'transformer'> = {}): PropertyDecorator {
  return Column({ ...options, type: 'varchar', length: INSTANT_LENGTH, transformer: instantTransformer });
}
