/**
 * Names of fields whose values must never reach a log line or an error body.
 * Matched case-insensitively against the whole key, ignoring separators.
 */
const SECRET_KEY_PATTERN =
  /^(authorization|cookie|setcookie|password|newpassword|defaultpassword|passwordhash|secret|apisecretkey|apiaccesskey|accesstoken|refreshtoken|token|appsecret|encryptionkeys|bksbencryptionkeys|xcsrftoken|csrftoken)$/i;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key.replace(/[-_\s]/g, ''));
}

/** Credentials that may appear inside free text: auth headers and URL user info. */
const SECRET_TEXT_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/(\w+:\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1${REDACTED}@`],
  [/((?:password|secret|apiSecretKey|defaultPassword|token)["']?\s*[:=]\s*["']?)[^"'\s,}&]+/gi, `$1${REDACTED}`],
];

export function redactText(text: string): string {
  return SECRET_TEXT_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** A deep copy of `value` with secret fields and credentials in text replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return redactText(`${value.name}: ${value.message}`);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? REDACTED : redact(item, depth + 1);
  }
  return copy;
}
