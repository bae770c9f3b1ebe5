import type { RequestHandler } from 'express';
import { isPageRequest } from '@picsweb/common';
import helmet, { HelmetOptions } from 'helmet';
import type { RunMode } from '../config/app-config';

const ownPages: HelmetOptions['contentSecurityPolicy'] = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
};

/** Swagger UI, the one page not ours, styles itself inline. */
const apiDocsPage: HelmetOptions['contentSecurityPolicy'] = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
};

/**
 * helmet's hardening headers on every answer: a Content-Security-Policy with no inline
 * script or style, no framing, no MIME sniffing, a same-origin referrer; HSTS outside
 * the demo (which serves plain http on loopback, where HSTS would only pin a browser
 * to https on 127.0.0.1). API answers carry personal data or a token: never stored by
 * a browser or a proxy.
 */
export function securityHeaders(mode: RunMode): RequestHandler {
  const common: HelmetOptions = {
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    strictTransportSecurity: mode === 'demo' ? false : { maxAge: 365 * 24 * 3600, includeSubDomains: true },
  };
  const strict = helmet({ ...common, contentSecurityPolicy: ownPages });
  const apiDocs = helmet({ ...common, contentSecurityPolicy: apiDocsPage });
  return (request, response, next) => {
    if (request.path.startsWith('/api/docs')) return apiDocs(request, response, next);
    if (!isPageRequest(request)) response.setHeader('Cache-Control', 'no-store');
    return strict(request, response, next);
  };
}
