import { DuplicateUsernameError, UnknownUserError } from '../data/sandbox-store';
import { SandboxControls } from '../sandbox-controls';
import { isEndpointName } from '../sandbox-types';
import {
  faultBody,
  keyBody,
  keysBody,
  latencyBody,
  newResultBody,
  newSessionBody,
  newUserBody,
  newUserGroupBody,
  quirksBody,
  rateLimitBody,
  resetBody,
  seedBody,
} from './control-bodies';
import { ControlInputError, parseJsonBody } from './control-input';

export const CONTROL_PREFIX = '/__control';

export interface ControlAnswer {
  status: number;
  body: unknown;
}

interface ControlCall {
  controls: SandboxControls;
  params: string[];
  query: URLSearchParams;
  body: unknown;
  url: string;
}

interface ControlRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Shown in GET /__control; `:name` marks a path part. */
  path: string;
  handle(call: ControlCall): ControlAnswer;
}

const ok = (body: unknown): ControlAnswer => ({ status: 200, body });
const created = (body: unknown): ControlAnswer => ({ status: 201, body });
const notFound = (message: string): ControlAnswer => ({ status: 404, body: { error: message } });

function userIdParam(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new ControlInputError(`'${text}' is not a user id.`);
  return Number(text);
}

const CONTROL_ROUTES: readonly ControlRoute[] = [
  { method: 'GET', path: '', handle: () => ok({ routes: CONTROL_ROUTES.map((route) => `${route.method} ${CONTROL_PREFIX}${route.path}`) }) },
  { method: 'GET', path: '/state', handle: ({ controls, url }) => ok({ url, ...controls.describe() }) },
  { method: 'GET', path: '/metrics', handle: ({ controls }) => ok(controls.metrics()) },
  { method: 'GET', path: '/requests', handle: ({ controls }) => ok(controls.requestLog()) },
  {
    method: 'GET',
    path: '/requests/:endpoint/last',
    handle: ({ controls, params: [endpoint] }) => {
      if (!isEndpointName(endpoint)) throw new ControlInputError(`'${endpoint}' is not an endpoint name.`);
      const request = controls.lastRequest(endpoint);
      return request ? ok(request) : notFound(`No ${endpoint} request has been received since the last reset.`);
    },
  },
  {
    method: 'GET',
    path: '/users',
    handle: ({ controls, query }) => {
      const username = query.get('username');
      if (!username) throw new ControlInputError('Give ?username=U, or use /__control/users/:userId.');
      const user = controls.findUser(username);
      return user ? ok(userView(controls, user.userId)) : notFound(`There is no user '${username}'.`);
    },
  },
  { method: 'POST', path: '/users', handle: ({ controls, body }) => created(controls.createUser(newUserBody(body))) },
  {
    method: 'POST',
    path: '/seed',
    handle: ({ controls, body }) => {
      const { users, withResults, englishAndMaths } = seedBody(body);
      const userIds = controls.seedUsers(users, { withResults, englishAndMaths });
      return created({ created: userIds.length, firstUserId: userIds[0] ?? null, lastUserId: userIds.at(-1) ?? null });
    },
  },
  {
    method: 'GET',
    path: '/users/:userId',
    handle: ({ controls, params: [id] }) => {
      const userId = userIdParam(id);
      return controls.findUser(userId) ? ok(userView(controls, userId)) : notFound(`There is no user ${userId}.`);
    },
  },
  {
    method: 'DELETE',
    path: '/users/:userId',
    handle: ({ controls, params: [id] }) => {
      const userId = userIdParam(id);
      return controls.deleteUser(userId) ? ok({ deleted: userId }) : notFound(`There is no user ${userId}.`);
    },
  },
  {
    method: 'POST',
    path: '/users/:userId/results',
    handle: ({ controls, params: [id], body }) => created(controls.addResult(userIdParam(id), newResultBody(body))),
  },
  {
    method: 'POST',
    path: '/users/:userId/results/generate',
    handle: ({ controls, params: [id] }) => created({ results: controls.generateResults(userIdParam(id)) }),
  },
  {
    method: 'POST',
    path: '/users/:userId/sessions',
    handle: ({ controls, params: [id], body }) => created(controls.addSession(userIdParam(id), newSessionBody(body))),
  },
  { method: 'POST', path: '/user-groups', handle: ({ controls, body }) => created(controls.addUserGroup(newUserGroupBody(body))) },
  { method: 'PUT', path: '/latency', handle: ({ controls, body }) => ok(controls.setLatency(latencyBody(body))) },
  { method: 'PUT', path: '/rate-limit', handle: ({ controls, body }) => ok(controls.setRateLimit(rateLimitBody(body))) },
  { method: 'DELETE', path: '/rate-limit', handle: ({ controls }) => ok(controls.setRateLimit(null)) },
  { method: 'GET', path: '/faults', handle: ({ controls }) => ok(controls.listFaults()) },
  { method: 'POST', path: '/faults', handle: ({ controls, body }) => created(controls.injectFault(faultBody(body))) },
  {
    method: 'DELETE',
    path: '/faults',
    handle: ({ controls }) => {
      controls.clearFaults();
      return ok({ faults: [] });
    },
  },
  {
    method: 'DELETE',
    path: '/faults/:id',
    handle: ({ controls, params: [id] }) => (controls.clearFault(id) ? ok({ deleted: id }) : notFound(`There is no fault '${id}'.`)),
  },
  { method: 'GET', path: '/keys', handle: ({ controls }) => ok(controls.listKeys()) },
  { method: 'PUT', path: '/keys', handle: ({ controls, body }) => ok(controls.setKeys(keysBody(body))) },
  { method: 'POST', path: '/keys', handle: ({ controls, body }) => ok(controls.upsertKey(keyBody(body))) },
  {
    method: 'DELETE',
    path: '/keys/:accessKey',
    handle: ({ controls, params: [accessKey] }) =>
      controls.removeKey(accessKey) ? ok({ deleted: accessKey }) : notFound(`There is no key '${accessKey}'.`),
  },
  { method: 'PUT', path: '/quirks', handle: ({ controls, body }) => ok(controls.setQuirks(quirksBody(body))) },
  {
    method: 'POST',
    path: '/reset',
    handle: ({ controls, body }) => {
      controls.reset(resetBody(body));
      return ok(controls.describe());
    },
  },
];

function userView(controls: SandboxControls, userId: number): unknown {
  return {
    user: controls.findUser(userId),
    initialResults: controls.results(userId, 'initial'),
    diagnosticResults: controls.results(userId, 'diagnostic'),
  };
}

const COMPILED_ROUTES = CONTROL_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${CONTROL_PREFIX}${route.path.replace(/:\w+/g, '([^/]+)')}/?$`),
}));

function errorAnswer(error: unknown): ControlAnswer {
  if (error instanceof ControlInputError || error instanceof RangeError || error instanceof URIError) {
    return { status: 400, body: { error: error.message } };
  }
  if (error instanceof DuplicateUsernameError) return { status: 409, body: { error: error.message } };
  if (error instanceof UnknownUserError) return notFound(error.message);
  throw error;
}

/** Answers one /__control/ request; JSON in, JSON out, no authentication. */
export function answerControl(controls: SandboxControls, method: string, url: URL, bodyText: string, sandboxUrl: string): ControlAnswer {
  const candidates = COMPILED_ROUTES.map(({ route, pattern }) => ({ route, match: pattern.exec(url.pathname) })).filter(
    (candidate) => candidate.match !== null,
  );
  if (candidates.length === 0) return notFound(`No control route ${url.pathname}; GET ${CONTROL_PREFIX} lists them.`);
  const chosen = candidates.find((candidate) => candidate.route.method === method);
  if (!chosen || !chosen.match) {
    return { status: 405, body: { error: `${url.pathname} takes ${candidates.map((c) => c.route.method).join(', ')}.` } };
  }
  try {
    return chosen.route.handle({
      controls,
      params: chosen.match.slice(1).map((part) => decodeURIComponent(part)),
      query: url.searchParams,
      body: parseJsonBody(bodyText),
      url: sandboxUrl,
    });
  } catch (error) {
    return errorAnswer(error);
  }
}
