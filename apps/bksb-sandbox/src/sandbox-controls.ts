import { Level } from './data/assessment-catalog';
import { ResultDraft } from './data/sandbox-generators';
import { UnknownUserError } from './data/sandbox-store';
import {
  AssessmentType,
  ResultKind,
  SandboxComponent,
  SandboxResult,
  SandboxSession,
  SandboxUser,
  SandboxUserGroup,
  UNFINISHED_DATE,
} from './data/sandbox-records';
import { isLocalDateTime, toBksbLocalTime } from './data/uk-local-time';
import { EndpointName, JsonValue } from './sandbox-types';
import { ActiveFault, FaultSpec } from './state/sandbox-faults';
import { ResolvedSandboxKey, SandboxKey } from './state/sandbox-keys';
import { LatencySpec, ResolvedLatency } from './state/sandbox-latency';
import { RecordedRequest, RequestLogEntry, SandboxMetrics } from './state/sandbox-metrics';
import { SandboxQuirks, resolveQuirks } from './state/sandbox-quirks';
import { RateLimitSpec, ResolvedRateLimit } from './state/sandbox-rate-limit';
import { SandboxState } from './state/sandbox-state';

export interface NewUserInput {
  username?: string;
  firstname?: string;
  lastname?: string;
  email?: string;
  password?: string;
  /** `2004-03-17` or `2004-03-17T00:00:00`; null for none. Generated when left out. */
  dateOfBirth?: string | null;
  autoEnrolCourses?: boolean;
  /** Also give the user a generated result history (default false). */
  withResults?: boolean;
}

export interface NewResultInput {
  kind: ResultKind;
  courseSubject?: string;
  courseName?: string;
  /** Zone-less UK local time (kept as given) or an ISO instant with a zone (converted). */
  resultDate?: string;
  assessmentName?: string;
  assessmentId?: number;
  /** The result text exactly, e.g. `English E3`; otherwise made from `level` and the course. */
  result?: string;
  level?: Level;
  score?: number;
  percentage?: number;
  sessionId?: number;
  /** Extra fields merged into the item as bksb might add them. */
  extra?: Record<string, JsonValue>;
  /** Also record the completed session (default true). */
  withSession?: boolean;
  /** A diagnostic's component data, served for its session; generated when left out. */
  components?: SandboxComponent[];
}

export interface NewSessionInput {
  courseSubject: string;
  /** 1 initial (default), 2 diagnostic. */
  assessmentType?: AssessmentType;
  assessmentName?: string;
  dateStarted?: string;
  /** Null or left out: unfinished (`0001-01-01T00:00:00`). */
  dateCompleted?: string | null;
  sessionId?: number;
  /** A finished diagnostic's component data; generated when left out. */
  components?: SandboxComponent[];
}

export interface NewUserGroupInput {
  name: string;
  description?: string;
  numberOfUsers?: number;
}

export interface SandboxDescription {
  users: number;
  userGroups: number;
  keys: ResolvedSandboxKey[];
  latency: ResolvedLatency;
  rateLimit: ResolvedRateLimit | null;
  faults: ActiveFault[];
  quirks: SandboxQuirks;
}

function dateOfBirthFrom(input: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(input.trim()) ? `${input.trim()}T00:00:00` : input.trim();
  if (!isLocalDateTime(text)) throw new RangeError(`dateOfBirth '${input}' is not a date like 2004-03-17.`);
  return text;
}

/**
 * The sandbox's control functions, the same ones the /__control/ routes call: make
 * data, break things on purpose, read what was seen, reset.
 */
export class SandboxControls {
  constructor(protected readonly state: SandboxState) {}

  // ---- data ---------------------------------------------------------------

  /** @throws DuplicateUsernameError when the user name is taken in any letter case. */
  createUser(input: NewUserInput = {}): SandboxUser {
    const { store, generators } = this.state;
    const generated = generators.person((name) => store.isUsernameTaken(name) || name === input.username?.toLowerCase());
    const username = input.username ?? generated.username;
    const user = store.createUser({
      username,
      firstname: input.firstname ?? generated.firstname,
      lastname: input.lastname ?? generated.lastname,
      email: input.email ?? (input.username ? `${username}@example.org` : generated.email),
      password: input.password ?? generated.password,
      dateOfBirth: input.dateOfBirth === undefined ? generated.dateOfBirth : input.dateOfBirth && dateOfBirthFrom(input.dateOfBirth),
      autoEnrolCourses: input.autoEnrolCourses ?? generated.autoEnrolCourses,
    });
    if (input.withResults) this.generateResults(user.userId);
    return { ...user };
  }

  /**
   * Generated users (with result histories unless told otherwise; `englishAndMaths`: each
   * history has initial English and Maths results); their ids in order.
   */
  seedUsers(count: number, options: { withResults?: boolean; englishAndMaths?: boolean } = {}): number[] {
    if (!(Number.isInteger(count) && count >= 0)) throw new RangeError('count must be a whole number of 0 or more.');
    return this.state.seedUsers(count, options.withResults ?? true, options.englishAndMaths ?? false);
  }

  /** By user id, or by user name in any letter case. */
  findUser(userIdOrName: number | string): SandboxUser | undefined {
    const user =
      typeof userIdOrName === 'number'
        ? this.state.store.findUserById(userIdOrName)
        : this.state.store.findUserByName(userIdOrName);
    return user && { ...user };
  }

  /** The user's results of one kind, newest first (empty for an unknown user). */
  results(userId: number, kind: ResultKind): SandboxResult[] {
    return [...(this.state.store.results(userId, kind) ?? [])];
  }

  /** The user's sessions of one course, newest first (empty for an unknown user). */
  sessions(userId: number, courseSubject: string): SandboxSession[] {
    return this.state.store.sessions(userId, courseSubject) ?? [];
  }

  /** Clients see the user as not found from now on. */
  deleteUser(userId: number): boolean {
    return this.state.store.deleteUser(userId);
  }

  addResult(userId: number, input: NewResultInput): SandboxResult {
    this.requireUser(userId);
    const generated = this.state.generators.result(input.kind, { courseSubject: input.courseSubject, level: input.level });
    const draft: ResultDraft = {
      ...generated,
      courseSubject: input.courseSubject ?? generated.courseSubject,
      courseName: input.courseName ?? generated.courseName,
      resultDate: input.resultDate === undefined ? generated.resultDate : toBksbLocalTime(input.resultDate),
      assessmentName: input.assessmentName ?? generated.assessmentName,
      assessmentId: input.assessmentId ?? generated.assessmentId,
      result: input.result ?? generated.result,
      sessionId: input.sessionId,
      extra: input.extra,
    };
    if (input.kind === 'diagnostic') {
      draft.score = input.score ?? generated.score;
      draft.percentage = input.percentage ?? generated.percentage;
    } else {
      if (input.score !== undefined) draft.score = input.score;
      if (input.percentage !== undefined) draft.percentage = input.percentage;
    }
    if (draft.extra === undefined) delete draft.extra;
    return { ...this.state.store.addResult(userId, draft, input.withSession ?? true, input.components) };
  }

  /** A realistic result history for the user (English, Maths, sometimes ICT, diagnostics). */
  generateResults(userId: number): SandboxResult[] {
    this.requireUser(userId);
    return this.state.generators.resultHistory().map((draft) => ({ ...this.state.store.addResult(userId, draft) }));
  }

  addSession(userId: number, input: NewSessionInput): SandboxSession {
    this.requireUser(userId);
    const dateStarted = input.dateStarted === undefined ? this.state.generators.localTime(1) : toBksbLocalTime(input.dateStarted);
    const assessmentType = input.assessmentType ?? 1;
    return this.state.store.addSession(userId, {
      sessionId: input.sessionId ?? this.state.store.takeSessionId(),
      courseSubject: input.courseSubject,
      assessmentName: input.assessmentName ?? (assessmentType === 1 ? 'Initial Assessment' : 'Diagnostic'),
      assessmentType,
      dateStarted,
      dateCompleted: input.dateCompleted ? toBksbLocalTime(input.dateCompleted) : UNFINISHED_DATE,
      ...(input.components ? { components: input.components } : {}),
    });
  }

  addUserGroup(input: NewUserGroupInput): SandboxUserGroup {
    return this.state.store.addUserGroup({
      name: input.name,
      description: input.description ?? '',
      numberOfUsers: input.numberOfUsers ?? 0,
    });
  }

  // ---- behaviour ----------------------------------------------------------

  /** Every /api/ answer waits fixedMs plus up to jitterMs; null for none. */
  setLatency(spec: LatencySpec | null): ResolvedLatency {
    return this.state.latency.set(spec ?? { fixedMs: 0 });
  }

  /** Over the limit, /api/ answers 429 with Retry-After; null lifts the limit. */
  setRateLimit(spec: RateLimitSpec | null): ResolvedRateLimit | null {
    return this.state.rateLimit.configure(spec);
  }

  injectFault(spec: FaultSpec): ActiveFault {
    return this.state.faults.add(spec);
  }

  listFaults(): ActiveFault[] {
    return this.state.faults.list();
  }

  clearFault(id: string): boolean {
    return this.state.faults.remove(id);
  }

  clearFaults(): void {
    this.state.faults.clear();
  }

  listKeys(): ResolvedSandboxKey[] {
    return this.state.keys.list();
  }

  /** The first configured key pair (the default one unless keys were replaced). */
  get key(): ResolvedSandboxKey {
    const [first] = this.state.keys.list();
    if (!first) throw new Error('The sandbox has no API keys configured.');
    return first;
  }

  setKeys(keys: readonly SandboxKey[]): ResolvedSandboxKey[] {
    this.state.keys.replace(keys);
    return this.listKeys();
  }

  upsertKey(key: SandboxKey): ResolvedSandboxKey {
    return this.state.keys.upsert(key);
  }

  removeKey(accessKey: string): boolean {
    return this.state.keys.remove(accessKey);
  }

  setQuirks(changes: Partial<SandboxQuirks>): SandboxQuirks {
    this.state.quirks = resolveQuirks(this.state.quirks, changes);
    return { ...this.state.quirks };
  }

  // ---- observation --------------------------------------------------------

  metrics(): SandboxMetrics {
    return this.state.metrics.snapshot();
  }

  lastRequest(endpoint: EndpointName): RecordedRequest | undefined {
    return this.state.metrics.lastRequest(endpoint);
  }

  requestLog(): RequestLogEntry[] {
    return this.state.metrics.requestLog();
  }

  describe(): SandboxDescription {
    return {
      users: this.state.store.userCount,
      userGroups: this.state.store.userGroupCount,
      keys: this.listKeys(),
      latency: this.state.latency.current(),
      rateLimit: this.state.rateLimit.current(),
      faults: this.listFaults(),
      quirks: { ...this.state.quirks },
    };
  }

  /**
   * Zeroes counts and drops faults; latency, rate limit, keys and quirks go back to
   * the starting options. With `data: true` the data is generated again from the seed.
   */
  reset(options: { data?: boolean } = {}): void {
    this.state.resetBehaviour();
    if (options.data) this.state.resetData();
  }

  private requireUser(userId: number): void {
    if (!this.state.store.findUserById(userId)) throw new UnknownUserError(userId);
  }
}
