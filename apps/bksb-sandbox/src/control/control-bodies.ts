import { LEVELS } from '../data/assessment-catalog';
import { SandboxComponent } from '../data/sandbox-records';
import { NewResultInput, NewSessionInput, NewUserGroupInput, NewUserInput } from '../sandbox-controls';
import { ENDPOINT_NAMES } from '../sandbox-types';
import { FAULT_KINDS, FaultSpec } from '../state/sandbox-faults';
import { SandboxKey } from '../state/sandbox-keys';
import { LatencySpec } from '../state/sandbox-latency';
import { SandboxQuirks } from '../state/sandbox-quirks';
import { RateLimitSpec } from '../state/sandbox-rate-limit';
import {
  ControlInputError,
  asArray,
  asObject,
  optionalBoolean,
  optionalChoice,
  optionalJsonObject,
  optionalNullableString,
  optionalNumber,
  optionalString,
  requiredNumber,
  requiredString,
} from './control-input';

/** The JSON bodies of the control routes, checked and turned into the control functions' inputs. */

export function newUserBody(value: unknown): NewUserInput {
  const body = asObject(value);
  return {
    username: optionalString(body, 'username'),
    firstname: optionalString(body, 'firstname'),
    lastname: optionalString(body, 'lastname'),
    email: optionalString(body, 'email'),
    password: optionalString(body, 'password'),
    dateOfBirth: optionalNullableString(body, 'dateOfBirth'),
    autoEnrolCourses: optionalBoolean(body, 'autoEnrolCourses'),
    withResults: optionalBoolean(body, 'withResults'),
  };
}

export function seedBody(value: unknown): { users: number; withResults: boolean; englishAndMaths: boolean } {
  const body = asObject(value);
  return {
    users: requiredNumber(body, 'users', { integer: true, min: 0, max: 1_000_000 }),
    withResults: optionalBoolean(body, 'withResults') ?? true,
    englishAndMaths: optionalBoolean(body, 'englishAndMaths') ?? false,
  };
}

/** `components: [{"name", "measured"}]`: a diagnostic's component data, when given. */
function optionalComponents(body: Record<string, unknown>): SandboxComponent[] | undefined {
  if (body.components === undefined) return undefined;
  return asArray(body.components, 'components').map((item, index) => {
    const component = asObject(item, `components[${index}]`);
    return { name: requiredString(component, 'name'), measured: requiredString(component, 'measured') };
  });
}

export function newResultBody(value: unknown): NewResultInput {
  const body = asObject(value);
  const kind = optionalChoice(body, 'kind', ['initial', 'diagnostic'] as const);
  if (kind === undefined) throw new ControlInputError("kind is required: 'initial' or 'diagnostic'.");
  return {
    kind,
    courseSubject: optionalString(body, 'courseSubject'),
    courseName: optionalString(body, 'courseName'),
    resultDate: optionalString(body, 'resultDate'),
    assessmentName: optionalString(body, 'assessmentName'),
    assessmentId: optionalNumber(body, 'assessmentId', { integer: true }),
    result: optionalString(body, 'result'),
    level: optionalChoice(body, 'level', LEVELS),
    score: optionalNumber(body, 'score'),
    percentage: optionalNumber(body, 'percentage'),
    sessionId: optionalNumber(body, 'sessionId', { integer: true, min: 1 }),
    extra: optionalJsonObject(body, 'extra'),
    withSession: optionalBoolean(body, 'withSession'),
    components: optionalComponents(body),
  };
}

export function newSessionBody(value: unknown): NewSessionInput {
  const body = asObject(value);
  return {
    courseSubject: requiredString(body, 'courseSubject'),
    assessmentType: optionalChoice(body, 'assessmentType', [1, 2] as const),
    assessmentName: optionalString(body, 'assessmentName'),
    dateStarted: optionalString(body, 'dateStarted'),
    dateCompleted: optionalNullableString(body, 'dateCompleted'),
    sessionId: optionalNumber(body, 'sessionId', { integer: true, min: 1 }),
    components: optionalComponents(body),
  };
}

export function newUserGroupBody(value: unknown): NewUserGroupInput {
  const body = asObject(value);
  return {
    name: requiredString(body, 'name'),
    description: optionalString(body, 'description'),
    numberOfUsers: optionalNumber(body, 'numberOfUsers', { integer: true, min: 0 }),
  };
}

export function latencyBody(value: unknown): LatencySpec {
  const body = asObject(value);
  return {
    fixedMs: requiredNumber(body, 'fixedMs', { min: 0 }),
    jitterMs: optionalNumber(body, 'jitterMs', { min: 0 }),
  };
}

export function rateLimitBody(value: unknown): RateLimitSpec {
  const body = asObject(value);
  return {
    requestsPerSecond: requiredNumber(body, 'requestsPerSecond', { min: 0.001 }),
    scope: optionalChoice(body, 'scope', ['overall', 'perKey'] as const),
    retryAfter: optionalChoice(body, 'retryAfter', ['seconds', 'httpDate'] as const),
    retryAfterSeconds: optionalNumber(body, 'retryAfterSeconds', { integer: true, min: 0 }),
  };
}

export function faultBody(value: unknown): FaultSpec {
  const body = asObject(value);
  const kind = optionalChoice(body, 'kind', FAULT_KINDS);
  if (kind === undefined) throw new ControlInputError(`kind is required: one of ${FAULT_KINDS.join(', ')}.`);
  return {
    kind,
    endpoint: optionalChoice(body, 'endpoint', ['all', ...ENDPOINT_NAMES] as const),
    times: optionalNumber(body, 'times', { integer: true, min: 1 }),
    rate: optionalNumber(body, 'rate', { min: 0, max: 1 }),
    trickleIntervalMs: optionalNumber(body, 'trickleIntervalMs', { min: 1 }),
    retryAfterSeconds: optionalNumber(body, 'retryAfterSeconds', { integer: true, min: 0 }),
  };
}

export function keyBody(value: unknown, what = 'The body'): SandboxKey {
  const body = asObject(value, what);
  const permissions = body.permissions === undefined ? {} : asObject(body.permissions, 'permissions');
  return {
    accessKey: requiredString(body, 'accessKey'),
    secretKey: requiredString(body, 'secretKey'),
    enabled: optionalBoolean(body, 'enabled'),
    permissions: { users: optionalBoolean(permissions, 'users'), results: optionalBoolean(permissions, 'results') },
  };
}

export function keysBody(value: unknown): SandboxKey[] {
  const list = asArray(asObject(value).keys, 'keys');
  return list.map((item, index) => keyBody(item, `keys[${index}]`));
}

export function quirksBody(value: unknown): Partial<SandboxQuirks> {
  const body = asObject(value);
  const quirks: Partial<SandboxQuirks> = {};
  const notFoundStatus = optionalChoice(body, 'getUserIdNotFoundStatus', [200, 400, 404] as const);
  if (notFoundStatus !== undefined) quirks.getUserIdNotFoundStatus = notFoundStatus;
  const notFoundBody = optionalChoice(body, 'getUserIdNotFoundBody', ['text', 'jsonString'] as const);
  if (notFoundBody !== undefined) quirks.getUserIdNotFoundBody = notFoundBody;
  const refusalStatus = optionalChoice(body, 'createUserRefusalStatus', [200, 400] as const);
  if (refusalStatus !== undefined) quirks.createUserRefusalStatus = refusalStatus;
  const autoLoginLinkBody = optionalChoice(body, 'autoLoginLinkBody', ['string', 'object'] as const);
  if (autoLoginLinkBody !== undefined) quirks.autoLoginLinkBody = autoLoginLinkBody;
  return quirks;
}

export function resetBody(value: unknown): { data: boolean } {
  return { data: optionalBoolean(asObject(value), 'data') ?? false };
}
