import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { isPageRequest, WebRequest } from '@picsweb/common';
import { sameToken } from './sessions/web-sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Every state-changing page request carries the session's CSRF token (a hidden form
 * field, or a header for enhanced requests); without it nothing is changed. The field
 * is taken out of the body, so the forms' DTO checks never see it.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<WebRequest>();
    if (!isPageRequest(request) || SAFE_METHODS.has(request.method)) return true;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const sent = body[CSRF_FIELD] ?? request.header(CSRF_HEADER);
    delete body[CSRF_FIELD];
    if (!sameToken(sent, request.web?.csrfToken ?? '')) {
      throw new ForbiddenException('This form has expired or did not come from a PICSWeb page, so nothing was changed. Go back, reload the page and try again.');
    }
    return true;
  }
}
