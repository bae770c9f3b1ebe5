import { Injectable, NestMiddleware } from '@nestjs/common';
import { FLASH_COOKIE, isPageRequest, parseFlash, WebRequest } from '@picsweb/common';
import type { NextFunction, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { AppConfig, RunMode } from '../../config/app-config';
import { readCookie } from './cookies';
import { WebSessionsService } from './web-sessions.service';

/**
 * The session cookie's name and that of a signed-out browser's random id (so the sign-in
 * form has a CSRF token too). Outside the demo they carry the `__Host-` prefix: a browser
 * takes such a cookie only when Secure, for the path / and without a domain, so a sibling
 * subdomain cannot plant one. The demo serves plain http on loopback, where it cannot.
 */
export function cookieNames(mode: RunMode): { session: string; visitor: string } {
  const prefix = mode === 'demo' ? '' : '__Host-';
  return { session: `${prefix}picsweb_session`, visitor: `${prefix}picsweb_visitor` };
}

/**
 * For page requests (never /api/): finds the signed-in user from the session cookie,
 * the CSRF token, and the one-time message left by the previous request.
 */
@Injectable()
export class WebSessionMiddleware implements NestMiddleware {
  readonly cookies: { session: string; visitor: string };

  constructor(
    private readonly sessions: WebSessionsService,
    private readonly config: AppConfig,
  ) {
    this.cookies = cookieNames(config.mode);
  }

  async use(request: WebRequest, response: Response, next: NextFunction): Promise<void> {
    // Mounted for every route, a middleware sees `request.path` relative to its mount ("/"): the whole path is in originalUrl.
    const path = request.originalUrl.split('?')[0];
    if (!isPageRequest({ path }) || path.startsWith('/assets/')) return next();
    try {
      const flashCookie = readCookie(request, FLASH_COOKIE);
      if (flashCookie !== null) response.clearCookie(FLASH_COOKIE, { path: '/' });
      const flash = parseFlash(flashCookie);
      const sessionId = readCookie(request, this.cookies.session);
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
        if (sessionId) response.clearCookie(this.cookies.session, this.cookieOptions());
        let visitor = readCookie(request, this.cookies.visitor);
        if (!visitor || !/^[A-Za-z0-9_-]{32}$/.test(visitor)) {
          visitor = randomBytes(24).toString('base64url');
          response.cookie(this.cookies.visitor, visitor, this.cookieOptions());
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
