import { Injectable, NestMiddleware } from '@nestjs/common';
import { FLASH_COOKIE, isPageRequest, parseFlash, WebRequest } from '@picsweb/common';
import type { NextFunction, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { readCookie } from './cookies';
import { WebSessionsService } from './web-sessions.service';

export const SESSION_COOKIE = 'picsweb_session';
/** A signed-out browser's random id, so the sign-in form has a CSRF token too. */
export const VISITOR_COOKIE = 'picsweb_visitor';

/**
 * For page requests (never /api/): finds the signed-in user from the session cookie,
 * the CSRF token, and the one-time message left by the previous request.
 */
@Injectable()
export class WebSessionMiddleware implements NestMiddleware {
  constructor(
    private readonly sessions: WebSessionsService,
    private readonly config: AppConfig,
  ) {}

  async use(request: WebRequest, response: Response, next: NextFunction): Promise<void> {
    // Mounted for every route, a middleware sees `request.path` relative to its mount ("/"): the whole path is in originalUrl.
    const path = request.originalUrl.split('?')[0];
    if (!isPageRequest({ path }) || path.startsWith('/assets/')) return next();
    try {
      const flashCookie = readCookie(request, FLASH_COOKIE);
      if (flashCookie !== null) response.clearCookie(FLASH_COOKIE, { path: '/' });
      const flash = parseFlash(flashCookie);
      const sessionId = readCookie(request, SESSION_COOKIE);
      const session = sessionId ? await this.sessions.resolve(sessionId) : null;
      if (session) {
        request.user = session.user;
        request.web = {
          csrfToken: this.sessions.csrfTokenFor('session', session.key),
          sessionKey: session.key,
          organisationName: session.organisationName,
          flash,
        };
      } else {
        if (sessionId) response.clearCookie(SESSION_COOKIE, { path: '/' });
        let visitor = readCookie(request, VISITOR_COOKIE);
        if (!visitor || !/^[A-Za-z0-9_-]{32}$/.test(visitor)) {
          visitor = randomBytes(24).toString('base64url');
          response.cookie(VISITOR_COOKIE, visitor, this.cookieOptions());
        }
        request.web = { csrfToken: this.sessions.csrfTokenFor('visitor', visitor), sessionKey: null, organisationName: null, flash };
      }
      next();
    } catch (error) {
      next(error);
    }
  }

  /** HttpOnly and SameSite=Lax always; Secure outside the demo (which serves plain http on loopback). */
  cookieOptions() {
    return { httpOnly: true, sameSite: 'lax' as const, secure: this.config.mode !== 'demo', path: '/' };
  }
}
