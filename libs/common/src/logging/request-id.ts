import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export type RequestWithId = Request & { requestId?: string };

/** The request's id: a caller-supplied X-Request-Id when it is sane, else a new UUID. */
export function assignRequestId(request: RequestWithId): string {
  if (!request.requestId) {
    const offered = request.header(REQUEST_ID_HEADER);
    request.requestId = offered && ACCEPTABLE_REQUEST_ID.test(offered) ? offered : randomUUID();
  }
  return request.requestId;
}
