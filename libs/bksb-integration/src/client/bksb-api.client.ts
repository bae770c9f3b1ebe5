import { HttpService } from '@nestjs/axios';
import { Inject, Injectable } from '@nestjs/common';
import { isAxiosError } from 'axios';
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BksbAttempt, BksbAutoLoginLink, BksbCallContext, BksbComponent, BksbEndpoint, BksbResult, BksbSession, NewBksbUser } from './bksb-api.types';
import { bodyAsBoolean, bodyAsInteger, bodyAsList, bodyAsObject, bodyAsText, excerpt, integerOf } from './bksb-body';
import { BKSB_CLIENT_OPTIONS, BksbClientOptions, REGION_HOSTS } from './bksb-client.options';
import { BksbError, bksbErrors } from './bksb-errors';
import { bksbLocalTimeToUtc } from './bksb-local-time';
import { levelOf, measurementOf, scoreOf, subjectOf } from './bksb-result-mapping';
import { RequestLimiter } from './request-limiter';
import { ResultKind } from '../domain/bksb-domain';

interface BksbRequest {
  endpoint: BksbEndpoint;
  method: 'GET' | 'POST';
  /** Under /api/. */
  path: string;
  query?: Record<string, string | number>;
  form?: Record<string, string>;
  /** Non-2xx statuses the caller reads itself instead of failing. */
  acceptStatuses?: number[];
}

interface BksbAnswer {
  status: number;
  text: string;
}

const RESULT_PATHS: Record<ResultKind, { endpoint: BksbEndpoint; segment: string; key: string }> = {
  initial: { endpoint: 'initialResults', segment: 'initialAssessment', key: 'InitialAssessmentResults' },
  diagnostic: { endpoint: 'diagnosticResults', segment: 'diagnosticAssessment', key: 'DiagnosticAssessmentResults' },
};
const MAX_RESULT_PAGES = 500;
const UNFINISHED = '0001-01-01';
const NETWORK_DETAILS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  ETIMEDOUT: 'connection timed out',
  ECONNABORTED: 'no answer in time',
  ERR_CANCELED: 'no complete answer in time',
  EPIPE: 'connection broken',
};

/** Retry-After as seconds or an HTTP date, in ms; null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The one way to talk to bksb (see docs/bksb-api.md): HTTP Basic with the organisation's
 * keys, `Accept: application/json`, paths under /api/, tolerant reading of every body
 * form, one classification of failures into BksbError, an overall deadline per
 * attempt, retries with jittered backoff for reads only (honouring Retry-After up to
 * a cap), createUser never repeated blindly, per-organisation and global limits, and
 * every attempt reported to the caller's listener. Raw axios errors never leave it.
 */
@Injectable()
export class BksbApiClient {
  private readonly limiter: RequestLimiter;

  constructor(
    private readonly http: HttpService,
    @Inject(BKSB_CLIENT_OPTIONS) private readonly options: BksbClientOptions,
  ) {
    this.limiter = new RequestLimiter(options);
  }

  async usernameExists(context: BksbCallContext, username: string): Promise<boolean> {
    const answer = await this.read(context, { endpoint: 'isUsernameExists', method: 'GET', path: 'users/isUsernameExists', query: { username } });
    const exists = bodyAsBoolean(answer.text);
    if (exists === undefined) throw bksbErrors.badResponse(`expected true or false, got "${excerpt(answer.text, 60)}"`, answer.status);
    return exists;
  }

  /** The bksb user id of a user name, or null when bksb knows no such user. */
  async getUserId(context: BksbCallContext, username: string): Promise<number | null> {
    const answer = await this.read(context, {
      endpoint: 'getUserId',
      method: 'GET',
      path: 'users/user/getUserId',
      query: { username },
      acceptStatuses: [400, 404],
    });
    const userId = bodyAsInteger(answer.text);
    if (userId !== undefined) return userId;
    if (/not\s+found|does\s+not\s+exist|no\s+user/i.test(bodyAsText(answer.text))) return null;
    if (answer.status >= 400) throw bksbErrors.rejected(answer.status, excerpt(answer.text));
    throw bksbErrors.badResponse(`expected a user id, got "${excerpt(answer.text, 60)}"`, answer.status);
  }

  /**
   * A time-limited link that signs the user in. bksb has been seen answering a bare URL
   * and `{Link, Expiry}`; the expiry is null when bksb does not say.
   */
  async getAutoLoginLink(context: BksbCallContext, userId: number): Promise<BksbAutoLoginLink> {
    const answer = await this.read(context, { endpoint: 'autoLoginLink', method: 'GET', path: `users/user/${userId}/getAutoLoginLink` });
    const body = bodyAsObject(answer.text);
    const link = body ? (typeof body.Link === 'string' ? body.Link.trim() : '') : bodyAsText(answer.text);
    if (!/^https?:\/\/\S+$/i.test(link)) throw bksbErrors.badResponse('expected a link', answer.status);
    const expiresAt = typeof body?.Expiry === 'string' ? bksbLocalTimeToUtc(body.Expiry, context.connection.region) : null;
    return { link, expiresAt };
  }

  /**
   * Creates a bksb user. It is never sent twice blindly: after an unclear failure (no
   * answer, a reset, a 5xx, an unreadable answer), on the last attempt too, the user
   * name is looked up first, and an existing user is taken as the one this call
   * created. A 2xx without a user id may still have made the user: it is looked up,
   * never sent again, and never taken for a refusal.
   */
  async createUser(context: BksbCallContext, user: NewBksbUser): Promise<{ userId: number; username: string }> {
    const lookUp = async () => {
      const existing = await this.getUserId(context, user.username);
      return existing === null ? null : { userId: existing, username: user.username };
    };
    for (let attempt = 1; ; attempt += 1) {
      let answer: BksbAnswer;
      try {
        answer = await this.send(context, { endpoint: 'createUser', method: 'POST', path: 'users/createUser', form: createUserForm(user) }, attempt);
      } catch (error) {
        if (!(error instanceof BksbError)) throw error;
        const last = attempt >= this.attemptsFor(context);
        if (error.kind === 'rate-limited' && !last) {
          await this.waitBeforeRetry(error, attempt);
          continue;
        }
        if (error.kind !== 'unavailable' && error.kind !== 'bad-response') throw error;
        const existing = await lookUp();
        if (existing) return existing;
        if (last) throw error;
        await this.waitBeforeRetry(error, attempt);
        continue;
      }
      const body = bodyAsObject(answer.text);
      const userId = integerOf(body?.UserId);
      if (userId !== undefined) return { userId, username: typeof body?.Username === 'string' ? body.Username : user.username };
      const existing = await lookUp();
      if (existing) return existing;
      throw bksbErrors.badResponse(`createUser answered ${answer.status} without a user id: "${excerpt(answer.text, 60)}"`, answer.status);
    }
  }

  /**
   * New results of a user, newest first: pages are read until the first result whose
   * session id the caller already knows, or the last page. Nothing new costs one call.
   */
  async readNewResults(context: BksbCallContext, userId: number, kind: ResultKind, knownSessionIds: ReadonlySet<number>): Promise<BksbResult[]> {
    const { endpoint, segment, key } = RESULT_PATHS[kind];
    const found: BksbResult[] = [];
    const recordsPerPage = this.options.recordsPerPage;
    for (let page = 1; page <= MAX_RESULT_PAGES; page += 1) {
      const answer = await this.read(context, { endpoint, method: 'GET', path: `results/${segment}/${userId}/all`, query: { page, recordsPerPage } });
      const items = bodyAsList(answer.text, key);
      if (!items) throw bksbErrors.badResponse(`expected ${key}`, answer.status);
      for (const item of items) {
        const result = this.toResult(item, kind, context, answer.status);
        if (knownSessionIds.has(result.sessionId)) return found;
        found.push(result);
      }
      const total = totalRecordsOf(answer.text) ?? Number.POSITIVE_INFINITY;
      if (items.length < recordsPerPage || page * recordsPerPage >= total) return found;
    }
    return found;
  }

  async getAssessmentSessions(context: BksbCallContext, courseSubject: string, userId: number): Promise<BksbSession[]> {
    const answer = await this.read(context, {
      endpoint: 'sessions',
      method: 'GET',
      path: 'assessmentSessions/getAssessmentSessionsForCourseV5',
      query: { courseSubject, userId },
    });
    const items = bodyAsList(answer.text);
    if (!items) throw bksbErrors.badResponse('expected a list of sessions', answer.status);
    const time = (value: unknown) =>
      typeof value === 'string' && !value.startsWith(UNFINISHED) ? bksbLocalTimeToUtc(value, context.connection.region) : null;
    return items.filter(isRecord).map((item) => ({
      sessionId: integerOf(item.SessionId) ?? 0,
      dateStarted: time(item.DateStarted),
      dateCompleted: time(item.DateCompleted),
      assessmentType: typeof item.AssessmentType === 'number' ? item.AssessmentType : null,
      raw: item,
    }));
  }

  /**
   * The curriculum components a finished session measured
   * (`GetEOAReportDataForAssessmentSessionV5`). bksb answers a session it has no
   * breakdown for (unfinished, unknown) with an empty list or a plain-text message, in
   * 200, 400 or 404: each is an empty list here. An item without a component name is
   * left out.
   */
  async getSessionComponents(context: BksbCallContext, sessionId: number, userId: number): Promise<BksbComponent[]> {
    const answer = await this.read(context, {
      endpoint: 'components',
      method: 'GET',
      path: 'assessmentSessions/GetEOAReportDataForAssessmentSessionV5',
      query: { sessionId, userId },
      acceptStatuses: [400, 404],
    });
    const items = bodyAsList(answer.text) ?? [];
    const text = (value: unknown) => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');
    return items.filter(isRecord).flatMap((item) => {
      const name = text(item.CourseComponentName);
      if (!name) return [];
      const measured = text(item.AbilityMeasurement);
      const at = text(item.MeasuredAt);
      return [{ name, measured, ...measurementOf(measured), assessmentName: text(item.MeasuringAssessmentName), measuredAt: at ? bksbLocalTimeToUtc(at, context.connection.region) : null }];
    });
  }

  async searchUserGroups(context: BksbCallContext, query: string, page = 1, recordsPerPage = 20): Promise<{ items: Record<string, unknown>[]; total: number | null }> {
    const answer = await this.read(context, { endpoint: 'userGroups', method: 'GET', path: 'userGroups/search', query: { page, recordsPerPage, query } });
    const items = bodyAsList(answer.text);
    if (!items) throw bksbErrors.badResponse('expected a list of user groups', answer.status);
    return { items: items.filter(isRecord), total: totalRecordsOf(answer.text) };
  }

  /** A read: retried when the failure is transient. */
  private async read(context: BksbCallContext, request: BksbRequest): Promise<BksbAnswer> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.send(context, request, attempt);
      } catch (error) {
        if (!(error instanceof BksbError) || !error.transient || attempt >= this.attemptsFor(context)) throw error;
        await this.waitBeforeRetry(error, attempt);
      }
    }
  }

  private attemptsFor(context: BksbCallContext): number {
    return Math.min(context.maxAttempts ?? this.options.maxAttempts, this.options.maxAttempts);
  }

  private async waitBeforeRetry(error: BksbError, attempt: number): Promise<void> {
    if (error.kind === 'rate-limited' && error.retryAfterMs !== null) {
      if (error.retryAfterMs > this.options.retryAfterCapMs) throw error;
      await sleep(error.retryAfterMs);
      return;
    }
    const backoff = this.options.retryBaseDelayMs * 2 ** (attempt - 1);
    await sleep(Math.min(this.options.retryAfterCapMs, Math.round(backoff * (0.5 + randomInt(1000) / 1000))));
  }

  /** One attempt: limited, deadlined, classified and reported. */
  private async send(context: BksbCallContext, request: BksbRequest, attempt: number): Promise<BksbAnswer> {
    const { connection, onAttempt } = context;
    const started = performance.now();
    const report = (status: number | null, outcome: BksbAttempt['outcome']) =>
      onAttempt?.({
        organisationId: connection.organisationId,
        endpoint: request.endpoint,
        method: request.method,
        path: pathWithQuery(request),
        status,
        outcome,
        durationMs: Math.round(performance.now() - started),
        attempt,
      });
    let answer: BksbAnswer;
    try {
      answer = await this.limiter.run(connection.organisationId, () => this.exchange(context, request));
    } catch (error) {
      const failure = networkFailure(error);
      report(failure.status, failure.kind);
      throw failure;
    }
    const failure = classify(answer, request);
    report(answer.status, failure?.kind ?? 'ok');
    if (failure) throw failure;
    return answer;
  }

  private async exchange({ connection }: BksbCallContext, request: BksbRequest): Promise<BksbAnswer> {
    const base = (this.options.apiUrlOverride ?? REGION_HOSTS[connection.region]).replace(/\/+$/, '');
    const credentials = Buffer.from(`${connection.accessKey.trim()}:${connection.secretKey.trim()}`).toString('base64');
    // axios itself, not HttpService's observable: unsubscribing from that cancels the finished request, building an error with its stack every call.
    const response = await this.http.axiosRef.request<string>({
      method: request.method,
      url: `${base}/api/${request.path}`,
      params: request.query,
      data: request.form ? new URLSearchParams(request.form).toString() : undefined,
      headers: {
        Accept: 'application/json',
        Authorization: `Basic ${credentials}`,
        ...(request.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      responseType: 'text',
      transformResponse: [(data: string) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      timeout: this.options.requestTimeoutMs,
      signal: AbortSignal.timeout(this.options.requestTimeoutMs),
    });
    const retryAfter = response.headers['retry-after'] as string | undefined;
    if (response.status === 429) throw bksbErrors.rateLimited(retryAfterMs(retryAfter) ?? this.options.retryBaseDelayMs);
    return { status: response.status, text: typeof response.data === 'string' ? response.data : String(response.data ?? '') };
  }

  private toResult(item: unknown, kind: ResultKind, { connection }: BksbCallContext, status: number): BksbResult {
    if (!isRecord(item)) throw bksbErrors.badResponse('a result that is not an object', status);
    const sessionId = integerOf(item.SessionId);
    const resultDate = typeof item.ResultDate === 'string' ? bksbLocalTimeToUtc(item.ResultDate, connection.region) : null;
    if (sessionId === undefined || !resultDate) throw bksbErrors.badResponse('a result without a session id or date', status);
    const text = (key: string) => (typeof item[key] === 'string' ? (item[key] as string) : '');
    const assessmentId = integerOf(item.AssessmentID) ?? null;
    const courseSubject = text('CourseSubject') || null;
    return {
      kind,
      sessionId,
      subject: subjectOf({ courseSubject, assessmentId, resultText: text('Result'), assessmentName: text('AssessmentName'), courseName: text('CourseName') }),
      level: levelOf(text('Result')),
      score: scoreOf(item),
      resultText: text('Result'),
      assessmentName: text('AssessmentName'),
      courseName: text('CourseName'),
      courseSubject,
      assessmentId,
      resultDate,
      raw: item,
    };
  }
}

function totalRecordsOf(text: string): number | null {
  const pagination = bodyAsObject(text)?.Pagination;
  return isRecord(pagination) ? (integerOf(pagination.TotalRecords) ?? null) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathWithQuery({ path, query }: BksbRequest): string {
  const search = query ? new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString() : '';
  return search ? `${path}?${search}` : path;
}

/** createUser's form body as docs/bksb-api.md describes it; the date of birth only when known. */
export function createUserForm(user: NewBksbUser): Record<string, string> {
  const form: Record<string, string> = {
    Username: user.username,
    Firstname: user.firstname,
    Lastname: user.lastname,
    Password: user.password,
    Email: user.email,
  };
  if (user.dateOfBirth) {
    const [year, month, day] = user.dateOfBirth.split('-').map(Number);
    Object.assign(form, {
      'DateOfBirth[Year]': String(year),
      'DateOfBirth[Month]': String(month),
      'DateOfBirth[Day]': String(day),
      'DateOfBirth[Hour]': '0',
      'DateOfBirth[Minute]': '0',
      'DateOfBirth[Second]': '0',
      'DateOfBirth[Millisecond]': '0',
    });
  }
  form.AutoEnrolCourses = user.autoEnrolCourses ? 'true' : 'false';
  return form;
}

/** HTTP statuses to errors: the one classification (docs/bksb-api.md: status first, text for the message). */
function classify(answer: BksbAnswer, request: BksbRequest): BksbError | null {
  const { status, text } = answer;
  if ((status >= 200 && status < 300) || request.acceptStatuses?.includes(status)) return null;
  if (status === 401) return bksbErrors.credentials(status);
  if (status === 403) return bksbErrors.permissions(status);
  if (status === 404) return bksbErrors.notFound(status, excerpt(text));
  if (status >= 500) return bksbErrors.unavailable(`HTTP ${status}`, status);
  return bksbErrors.rejected(status, excerpt(text));
}

function networkFailure(error: unknown): BksbError {
  if (error instanceof BksbError) return error;
  const code = isAxiosError(error) ? error.code : (error as { code?: string } | null)?.code;
  const name = (error as { name?: string } | null)?.name;
  const detail = (code && NETWORK_DETAILS[code]) ?? (name === 'AbortError' || name === 'TimeoutError' || name === 'CanceledError' ? 'no complete answer in time' : 'network error');
  return bksbErrors.unavailable(detail);
}
