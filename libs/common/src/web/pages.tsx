import type { Response } from 'express';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { ErrorPage, Frame } from './frame';
import { WebExtensions } from './web-extensions';
import { Flash, WebRequest } from './web-request';

export const FLASH_COOKIE = 'picsweb_flash';

export interface PageOptions {
  /** The document title; the page's own <h1> says the same or more. */
  title: string;
  status?: number;
  /** Error pages show no Help link: it would lead to the same refusal. */
  withoutHelp?: boolean;
}

const ERROR_TITLES: Record<number, string> = {
  400: 'The request is not valid',
  403: 'You cannot see this page',
  404: 'Page not found',
  409: 'This cannot be done now',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'The service is unavailable',
};

/**
 * Renders pages in the frame and answers with them. Pages are never cached, so the
 * back button after sign-out shows no data. The one way pages respond.
 */
export class Pages {
  constructor(
    private readonly extensions: WebExtensions,
    private readonly secureCookies: boolean,
  ) {}

  send(request: WebRequest, response: Response, body: VNode, options: PageOptions): void {
    const user = request.user ?? null;
    const frame = (
      <Frame
        title={options.title}
        user={user}
        organisationName={request.web?.organisationName ?? null}
        menu={user ? this.extensions.menuFor(user.role) : []}
        help={user && !options.withoutHelp ? this.extensions.helpFor(user.role, request.path) : null}
        currentPath={request.path}
        csrfToken={request.web?.csrfToken ?? ''}
        flash={request.web?.flash ?? null}
      >
        {body}
      </Frame>
    );
    response
      .status(options.status ?? 200)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(`<!DOCTYPE html>${renderToString(frame)}`);
  }

  /** Post/redirect/get: 303 to a path of this site, with an optional one-time message (text, or a problem). */
  redirect(response: Response, path: string, flash?: string | Flash): void {
    if (flash) {
      const value = typeof flash === 'string' ? { text: flash } : flash;
      response.cookie(FLASH_COOKIE, JSON.stringify(value), { httpOnly: true, sameSite: 'lax', secure: this.secureCookies, path: '/' });
    }
    response.redirect(303, path);
  }

  sendError(request: WebRequest, response: Response, error: { statusCode: number; message: string; requestId?: string }): void {
    const title = ERROR_TITLES[error.statusCode] ?? (error.statusCode >= 500 ? ERROR_TITLES[500] : ERROR_TITLES[400]);
    this.send(request, response, <ErrorPage status={error.statusCode} title={title} message={error.message} requestId={error.requestId} />, {
      title,
      status: error.statusCode,
      withoutHelp: true,
    });
  }
}
