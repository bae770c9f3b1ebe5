/**
 * bksb answers in several forms: JSON objects, bare JSON integers and booleans, JSON
 * strings, and plain text (errors, "not found"), in any status. These read one body
 * tolerantly; `undefined` means the body is not of the wanted form.
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An integer given as a number or as digits in a string. */
export function integerOf(value: unknown): number | undefined {
  const candidate = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
  return typeof candidate === 'number' && Number.isSafeInteger(candidate) ? candidate : undefined;
}

export function bodyAsInteger(text: string): number | undefined {
  return integerOf(parseJson(text.trim()));
}

export function bodyAsBoolean(text: string): boolean | undefined {
  const value = parseJson(text.trim());
  const candidate = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (candidate === true || candidate === 'true') return true;
  if (candidate === false || candidate === 'false') return false;
  return undefined;
}

export function bodyAsText(text: string): string {
  const value = parseJson(text.trim());
  return typeof value === 'string' ? value : text.trim();
}

export function bodyAsObject(text: string): Record<string, unknown> | undefined {
  const value = parseJson(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The list in a body: the body itself, or the first list property of an envelope. */
export function bodyAsList(text: string, key?: string): unknown[] | undefined {
  const value = parseJson(text);
  if (Array.isArray(value)) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const envelope = value as Record<string, unknown>;
  const keyed = key ? envelope[key] : undefined;
  return Array.isArray(keyed) ? keyed : (Object.values(envelope).find(Array.isArray) as unknown[] | undefined);
}

/** A short, single-line extract of a body for messages (bksb's own words). */
export function excerpt(text: string, length = 200): string {
  const plain = bodyAsText(text).replace(/\s+/g, ' ').trim();
  return plain.length > length ? `${plain.slice(0, length)}…` : plain || '(empty answer)';
}
