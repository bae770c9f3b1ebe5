/** The bksb endpoints the sandbox serves, by the names tests and faults use. */
export const ENDPOINT_NAMES = [
  'createUser',
  'isUsernameExists',
  'getUserId',
  'autoLoginLink',
  'initialResults',
  'diagnosticResults',
  'sessions',
  'components',
  'userGroups',
] as const;

export type EndpointName = (typeof ENDPOINT_NAMES)[number];

export function isEndpointName(value: string): value is EndpointName {
  return (ENDPOINT_NAMES as readonly string[]).includes(value);
}

/** What a bksb API key may be allowed or denied (Admin Options > API Access Keys). */
export type Permission = 'users' | 'results';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
