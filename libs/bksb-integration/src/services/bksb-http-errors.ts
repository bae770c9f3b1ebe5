import { HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import { TooManyRequestsException } from '@picsweb/common';
import { BksbError } from '../client/bksb-errors';

/**
 * What a failed bksb call means for our own caller: bksb's own faults are 502 or 503
 * (not the caller's fault), a refusal of the request is 422, a missing record 404.
 * The message is the client's, which never holds a secret. The BksbError stays as the
 * cause, so background work (a bulk action) can tell wrong keys from one person's failure.
 */
export function bksbHttpError(error: BksbError): HttpException {
  const http = httpErrorOf(error);
  http.cause = error;
  return http;
}

function httpErrorOf(error: BksbError): HttpException {
  switch (error.kind) {
    case 'rate-limited':
      return new TooManyRequestsException(error.message, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
    case 'unavailable':
      return new HttpException(error.message, HttpStatus.SERVICE_UNAVAILABLE);
    case 'not-found':
      return new NotFoundException(error.message);
    case 'rejected':
      return new HttpException(error.message, HttpStatus.UNPROCESSABLE_ENTITY);
    default:
      return new HttpException(error.message, HttpStatus.BAD_GATEWAY);
  }
}

/** Runs work and turns a BksbError into its HTTP meaning. */
export async function asHttp<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof BksbError ? bksbHttpError(error) : error;
  }
}
