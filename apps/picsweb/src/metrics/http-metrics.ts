import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MetricsService } from './metrics.service';

/** The route label of requests that met no route: unknown paths, the static files, bodies refused before routing. */
export const NO_ROUTE = '(no route)';

/** The route's pattern as declared (`/api/learners/:id`), never the path asked for, which holds ids. */
function routeOf(request: Request): string {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? `${request.baseUrl}${route}` : NO_ROUTE;
}

/** Times every request, first of all middleware, and counts it by method, route pattern and status when answered. */
export function httpMetrics(metrics: MetricsService): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const end = metrics.httpRequestDuration.startTimer();
    response.on('finish', () => end({ method: request.method, route: routeOf(request), status: String(response.statusCode) }));
    next();
  };
}
