import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { assignRequestId, RequestWithId } from '../logging/request-id';
import { ApiErrorBody, FieldError } from './api-error';
import { TooManyRequestsException } from './too-many-requests.exception';
import { isPageRequest, WebRequest } from '../web/web-request';

/** A page asked for by someone not signed in: they are sent to the sign-in page, then back. */
export class SignInRequiredException extends UnauthorizedException {
  constructor() {
    super('Sign in to see this page.');
  }
}

/** How the filter shows an error to a person in a browser (the host gives it the page frame). */
export interface ErrorPageRenderer {
  sendError(request: WebRequest, response: Response, error: ApiErrorBody): void;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'The request is not valid.',
  401: 'Sign in first: send a valid bearer token.',
  403: 'You do not have permission to do this.',
  404: 'Not found.',
  405: 'This method is not allowed here.',
  409: 'This conflicts with the current state. Reload and try again.',
  413: 'The request body is too large.',
  422: 'The request cannot be processed.',
  429: 'Too many requests. Wait a moment and try again.',
  503: 'The service is unavailable. Try again shortly.',
};

/** The longest run of one word an error repeats back: ids, paths and field names come from the caller. */
export const MAX_ECHO_LENGTH = 100;
const LONG_WORD = new RegExp(`\\S{${MAX_ECHO_LENGTH + 1},}`, 'g');

/** Cuts every word longer than MAX_ECHO_LENGTH, so an error never grows with what was sent. */
function cutEchoes(text: string): string {
  return text.replace(LONG_WORD, (word) => `${word.slice(0, MAX_ECHO_LENGTH)}…`);
}

function isFieldErrorList(value: unknown): value is FieldError[] {
  return (
    Array.isArray(value) &&
    value.every((item) => typeof item === 'object' && item !== null && 'field' in item && 'message' in item)
  );
}

/** Express body-parser errors (malformed JSON, body too large) are the client's, not ours. */
function fromClientRequestError(exception: unknown): ApiErrorBody | undefined {
  const { status, type, expose } = (exception ?? {}) as { status?: unknown; type?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true) return undefined;
  const message =
    type === 'entity.parse.failed'
      ? 'The request body is not valid JSON. Send a JSON object with Content-Type: application/json.'
      : (DEFAULT_MESSAGES[status] ?? 'The request is not valid.');
  return { statusCode: status, message };
}

/**
 * Every error leaves the app in one shape: {statusCode, message, errors?}. Deliberate
 * HTTP errors keep their message; anything else is logged with the request id and
 * answered 500 with that id, so no stack, SQL or secret ever reaches a client.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  private pages?: ErrorPageRenderer;

  /** From now on, errors of page requests (outside /api/) are answered with pages. */
  renderPagesWith(pages: ErrorPageRenderer): void {
    this.pages = pages;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<RequestWithId>();
    const body =
      exception instanceof HttpException
        ? this.fromHttpException(exception)
        : (fromClientRequestError(exception) ?? this.unexpected(exception, request));
    if (response.headersSent) return;
    if (exception instanceof TooManyRequestsException) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (this.pages && isPageRequest(request)) {
      if (exception instanceof SignInRequiredException) {
        const back = request.method === 'GET' ? request.originalUrl : '/';
        response.redirect(303, `/login?next=${encodeURIComponent(back)}`);
      } else {
        this.pages.sendError(request, response, body);
      }
      return;
    }
    response.status(body.statusCode).json(body);
  }

  private fromHttpException(exception: HttpException): ApiErrorBody {
    const statusCode = exception.getStatus();
    const payload = exception.getResponse();
    const body: ApiErrorBody = { statusCode, message: DEFAULT_MESSAGES[statusCode] ?? exception.message };
    if (typeof payload === 'string') {
      body.message = payload;
    } else if (typeof payload === 'object' && payload !== null) {
      const { message, errors } = payload as { message?: unknown; errors?: unknown };
      if (typeof message === 'string') body.message = message;
      else if (Array.isArray(message) && message.every((m) => typeof m === 'string')) body.message = message.join('; ');
      if (isFieldErrorList(errors)) body.errors = errors.map((e) => ({ field: cutEchoes(e.field), message: cutEchoes(e.message) }));
    }
    body.message = cutEchoes(body.message);
    if (statusCode >= 500 && statusCode !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error(`${statusCode} ${body.message}`);
    }
    return body;
  }

  private unexpected(exception: unknown, request: RequestWithId): ApiErrorBody {
    const requestId = assignRequestId(request);
    const stack = exception instanceof Error ? exception.stack : undefined;
    this.logger.error({ requestId, error: exception instanceof Error ? exception : String(exception) }, stack);
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      message: `Something went wrong on our side. If it happens again, give PICS support the request id ${requestId}.`,
      requestId,
    };
  }
}
