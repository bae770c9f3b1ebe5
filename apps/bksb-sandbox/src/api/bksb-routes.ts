import { EndpointName, Permission } from '../sandbox-types';
import { EndpointHandler } from './bksb-request';
import { diagnosticResults, initialResults } from './results-endpoints';
import { components } from './components-endpoint';
import { sessions } from './sessions-endpoint';
import { userGroups } from './user-groups-endpoint';
import { autoLoginLink, createUser, getUserId, isUsernameExists } from './users-endpoints';

export interface BksbRoute {
  endpoint: EndpointName;
  method: 'GET' | 'POST';
  /** Matched ignoring letter case (as ASP.NET routes are), a trailing slash allowed. */
  path: RegExp;
  permission: Permission;
  handle: EndpointHandler;
}

export const BKSB_ROUTES: readonly BksbRoute[] = [
  { endpoint: 'createUser', method: 'POST', path: /^\/api\/users\/createUser\/?$/i, permission: 'users', handle: createUser },
  {
    endpoint: 'isUsernameExists',
    method: 'GET',
    path: /^\/api\/users\/isUsernameExists\/?$/i,
    permission: 'users',
    handle: isUsernameExists,
  },
  { endpoint: 'getUserId', method: 'GET', path: /^\/api\/users\/user\/getUserId\/?$/i, permission: 'users', handle: getUserId },
  {
    endpoint: 'autoLoginLink',
    method: 'GET',
    path: /^\/api\/users\/user\/([^/]+)\/getAutoLoginLink\/?$/i,
    permission: 'users',
    handle: autoLoginLink,
  },
  {
    endpoint: 'initialResults',
    method: 'GET',
    path: /^\/api\/results\/initialAssessment\/([^/]+)\/all\/?$/i,
    permission: 'results',
    handle: initialResults,
  },
  {
    endpoint: 'diagnosticResults',
    method: 'GET',
    path: /^\/api\/results\/diagnosticAssessment\/([^/]+)\/all\/?$/i,
    permission: 'results',
    handle: diagnosticResults,
  },
  {
    endpoint: 'sessions',
    method: 'GET',
    path: /^\/api\/assessmentSessions\/getAssessmentSessionsForCourseV5\/?$/i,
    permission: 'results',
    handle: sessions,
  },
  {
    endpoint: 'components',
    method: 'GET',
    path: /^\/api\/assessmentSessions\/GetEOAReportDataForAssessmentSessionV5\/?$/i,
    permission: 'results',
    handle: components,
  },
  { endpoint: 'userGroups', method: 'GET', path: /^\/api\/userGroups\/search\/?$/i, permission: 'users', handle: userGroups },
];

export type RouteMatch =
  | { kind: 'found'; route: BksbRoute; params: string[] }
  | { kind: 'methodNotAllowed'; route: BksbRoute }
  | { kind: 'notFound' };

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function matchBksbRoute(method: string, pathname: string): RouteMatch {
  for (const route of BKSB_ROUTES) {
    const match = route.path.exec(pathname);
    if (!match) continue;
    if (route.method !== method && !(route.method === 'GET' && method === 'HEAD')) return { kind: 'methodNotAllowed', route };
    return { kind: 'found', route, params: match.slice(1).map(decodePathPart) };
  }
  return { kind: 'notFound' };
}
