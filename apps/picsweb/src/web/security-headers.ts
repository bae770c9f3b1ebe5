import type { RequestHandler } from 'express';
import helmet from 'helmet';

const strict = helmet({
  contentSecurityPolicy: {
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
  },
  referrerPolicy: { policy: 'same-origin' },
  frameguard: { action: 'deny' },
});

/** Swagger UI, the one page not ours, styles itself inline. */
const apiDocs = helmet({
  contentSecurityPolicy: {
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
  },
  referrerPolicy: { policy: 'same-origin' },
  frameguard: { action: 'deny' },
});

/**
 * helmet's hardening headers on every answer: a Content-Security-Policy with no inline
 * script or style, no framing, no MIME sniffing, a same-origin referrer.
 */
export function securityHeaders(): RequestHandler {
  return (request, response, next) => (request.path.startsWith('/api/docs') ? apiDocs : strict)(request, response, next);
}
