import { IncomingMessage, ServerResponse } from 'node:http';
import { matchBksbRoute } from '../api/bksb-routes';
import { SandboxReply, textReply } from '../api/sandbox-reply';
import { claimedAccessKey } from '../state/sandbox-keys';
import { SandboxState } from '../state/sandbox-state';
import { answerWithFault, isFaultBeforeHandling } from './fault-responder';
import { BodyTooLargeError, queryObject, readBody, sendReply } from './http-io';

function recordedHeaders(request: IncomingMessage, accessKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (headers.authorization !== undefined) headers.authorization = `Basic ${accessKey ?? '?'}:[redacted]`;
  return headers;
}

/**
 * One /api/ call, in the order a real service would meet it: routing, the body,
 * latency, the rate limit, an injected fault, the API key, then the endpoint.
 */
export async function serveBksbApi(
  state: SandboxState,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  origin: string,
): Promise<void> {
  const method = request.method ?? 'GET';
  const accessKey = claimedAccessKey(request.headers.authorization);
  const track = state.metrics.begin(method, request.url ?? url.pathname, accessKey);
  response.on('close', () => track.finish(response.writableFinished ? response.statusCode : null));

  const match = matchBksbRoute(method, url.pathname);
  if (match.kind === 'notFound') {
    sendReply(response, textReply(404, `No HTTP resource was found that matches the request URI '${origin}${url.pathname}'.`));
    return;
  }
  const { endpoint } = match.route;
  track.entry.endpoint = endpoint;
  state.metrics.countCall(endpoint);

  let body: string;
  try {
    body = await readBody(request);
  } catch (error) {
    if (error instanceof BodyTooLargeError) sendReply(response, textReply(413, error.message));
    else response.destroy();
    return;
  }
  state.metrics.record({
    endpoint,
    method,
    url: request.url ?? url.pathname,
    query: queryObject(url.searchParams),
    headers: recordedHeaders(request, accessKey),
    accessKey: accessKey ?? null,
    body,
    receivedAt: new Date().toISOString(),
  });

  if (match.kind === 'methodNotAllowed') {
    sendReply(
      response,
      textReply(405, `The requested resource does not support http method '${method}'.`, { Allow: match.route.method }),
    );
    return;
  }

  await state.timers.sleep(state.latency.nextDelayMs());
  if (response.destroyed) return;

  const decision = state.rateLimit.check(accessKey);
  if (!decision.allowed) {
    sendReply(
      response,
      textReply(429, `Too many requests. Try again in ${decision.retryAfterSeconds} seconds.`, {
        'Retry-After': decision.retryAfterHeader,
      }),
    );
    return;
  }

  const fault = state.faults.take(endpoint);
  track.entry.fault = fault?.kind ?? null;
  if (fault && isFaultBeforeHandling(fault)) {
    answerWithFault(fault, response, undefined, state.timers);
    return;
  }

  let reply: SandboxReply;
  const auth = state.keys.authorise(request.headers.authorization, match.route.permission);
  if (auth.kind === 'unauthenticated') {
    reply = textReply(401, auth.message, { 'WWW-Authenticate': 'Basic realm="bksb"' });
  } else if (auth.kind === 'forbidden') {
    reply = textReply(403, auth.message);
  } else {
    reply = match.route.handle(state, {
      params: match.params,
      query: url.searchParams,
      body,
      contentType: request.headers['content-type'],
      origin,
    });
  }
  if (fault) answerWithFault(fault, response, reply, state.timers);
  else sendReply(response, reply);
}
