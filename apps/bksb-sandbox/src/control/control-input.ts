import { JsonValue } from '../sandbox-types';

/** A control request that cannot be carried out as written; answered 400 with the message. */
export class ControlInputError extends Error {}

export type JsonObject = Record<string, unknown>;

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ControlInputError('The body is not valid JSON.');
  }
}

export function asObject(value: unknown, what = 'The body'): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ControlInputError(`${what} must be a JSON object.`);
  }
  return value as JsonObject;
}

export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new ControlInputError(`${what} must be a JSON array.`);
  return value;
}

export function optionalString(body: JsonObject, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ControlInputError(`${name} must be a string.`);
  return value;
}

export function requiredString(body: JsonObject, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined || value.trim() === '') throw new ControlInputError(`${name} is required.`);
  return value;
}

/** A string, or null when the field is null (undefined when left out). */
export function optionalNullableString(body: JsonObject, name: string): string | null | undefined {
  return body[name] === null ? null : optionalString(body, name);
}

export function optionalNumber(
  body: JsonObject,
  name: string,
  rules: { integer?: boolean; min?: number; max?: number } = {},
): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  const wrong = (): never => {
    const kind = rules.integer ? 'a whole number' : 'a number';
    const range =
      rules.min !== undefined && rules.max !== undefined
        ? ` from ${rules.min} to ${rules.max}`
        : rules.min !== undefined
          ? ` of ${rules.min} or more`
          : '';
    throw new ControlInputError(`${name} must be ${kind}${range}.`);
  };
  if (typeof value !== 'number' || !Number.isFinite(value)) return wrong();
  if (rules.integer && !Number.isInteger(value)) return wrong();
  if (rules.min !== undefined && value < rules.min) return wrong();
  if (rules.max !== undefined && value > rules.max) return wrong();
  return value;
}

export function requiredNumber(
  body: JsonObject,
  name: string,
  rules: { integer?: boolean; min?: number; max?: number } = {},
): number {
  const value = optionalNumber(body, name, rules);
  if (value === undefined) throw new ControlInputError(`${name} is required.`);
  return value;
}

export function optionalBoolean(body: JsonObject, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new ControlInputError(`${name} must be true or false.`);
  return value;
}

export function optionalChoice<T extends string | number>(body: JsonObject, name: string, allowed: readonly T[]): T | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  const found = allowed.find((choice) => choice === value);
  if (found === undefined) throw new ControlInputError(`${name} must be one of ${allowed.map((choice) => JSON.stringify(choice)).join(', ')}.`);
  return found;
}

function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > 16) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (typeof value === 'object') return Object.values(value).every((item) => isJsonValue(item, depth + 1));
  return false;
}

export function optionalJsonObject(body: JsonObject, name: string): Record<string, JsonValue> | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  const object = asObject(value, name);
  if (!isJsonValue(object)) throw new ControlInputError(`${name} must hold only JSON values.`);
  return object as Record<string, JsonValue>;
}
