export { BksbSandbox, startBksbSandbox } from './sandbox-server';
export { DEFAULT_FIRST_USER_ID, DEFAULT_SEED } from './sandbox-options';
export type { BksbSandboxOptions } from './sandbox-options';
export { SandboxControls } from './sandbox-controls';
export type { NewResultInput, NewSessionInput, NewUserGroupInput, NewUserInput, SandboxDescription } from './sandbox-controls';
export { ENDPOINT_NAMES } from './sandbox-types';
export type { EndpointName, JsonValue, Permission } from './sandbox-types';
export { DEFAULT_SANDBOX_KEYS } from './state/sandbox-keys';
export type { ResolvedSandboxKey, SandboxKey, SandboxKeyPermissions } from './state/sandbox-keys';
export { FAULT_KINDS } from './state/sandbox-faults';
export type { ActiveFault, FaultKind, FaultSpec } from './state/sandbox-faults';
export type { LatencySpec, ResolvedLatency } from './state/sandbox-latency';
export type { RateLimitSpec, ResolvedRateLimit } from './state/sandbox-rate-limit';
export { DEFAULT_QUIRKS } from './state/sandbox-quirks';
export type { SandboxQuirks } from './state/sandbox-quirks';
export type { RecordedRequest, RequestLogEntry, SandboxMetrics } from './state/sandbox-metrics';
export { DuplicateUsernameError, UnknownUserError } from './data/sandbox-store';
export { UNFINISHED_DATE } from './data/sandbox-records';
export type {
  AssessmentType,
  ResultKind,
  SandboxResult,
  SandboxSession,
  SandboxUser,
  SandboxUserGroup,
} from './data/sandbox-records';
export { COURSES, LEVELS } from './data/assessment-catalog';
export type { CourseDefinition, Level } from './data/assessment-catalog';
export { GARBAGE_BODY } from './http/fault-responder';
export { MAX_RECORDS_PER_PAGE } from './api/paging';
