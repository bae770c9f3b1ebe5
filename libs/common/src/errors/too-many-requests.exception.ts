import { HttpException, HttpStatus } from '@nestjs/common';

/** 429; the exception filter sends `retryAfterSeconds` as the Retry-After header too. */
export class TooManyRequestsException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}
