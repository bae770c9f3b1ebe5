import { ServerResponse } from 'node:http';
import { SandboxReply } from '../api/sandbox-reply';
import { ActiveFault } from '../state/sandbox-faults';
import { SandboxTimers } from '../state/sandbox-timers';
import { replyHeaders } from './http-io';

/** Looks like JSON to the headers, and is not. */
export const GARBAGE_BODY = '<!DOCTYPE html><html><body><h1>Object moved</h1>\u0000\u00ff{"UserId": 4';

/** Faults that replace the answer without handling the request at all. */
export function isFaultBeforeHandling(fault: ActiveFault): boolean {
  return fault.kind !== 'trickle' && fault.kind !== 'lostAnswer' && fault.kind !== 'garbledAnswer';
}

/**
 * Carries out a fault on the response. `reply` is the real answer for faults that
 * happen after handling (trickle); the others ignore it.
 */
export function answerWithFault(
  fault: ActiveFault,
  response: ServerResponse,
  reply: SandboxReply | undefined,
  timers: SandboxTimers,
): void {
  switch (fault.kind) {
    case 'http500':
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('An error has occurred.');
      return;
    case 'http503': {
      const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
      if (fault.retryAfterSeconds !== null) headers['Retry-After'] = String(fault.retryAfterSeconds);
      response.writeHead(503, headers);
      response.end('The service is unavailable.');
      return;
    }
    case 'hang':
      // Nothing is ever written; the socket closes when the client gives up or the sandbox closes.
      return;
    case 'reset':
      response.socket?.resetAndDestroy();
      return;
    case 'garbage':
    case 'garbledAnswer':
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      response.end(GARBAGE_BODY);
      return;
    case 'lostAnswer':
      response.socket?.destroy();
      return;
    case 'noComponents':
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      response.end('[]');
      return;
    case 'trickle':
      trickle(response, reply ?? { status: 200, contentType: 'application/json; charset=utf-8', body: 'null' }, fault, timers);
      return;
  }
}

/** Headers at once, then the body one byte every `trickleIntervalMs`. */
function trickle(response: ServerResponse, reply: SandboxReply, fault: ActiveFault, timers: SandboxTimers): void {
  const body = Buffer.from(reply.body, 'utf8');
  response.writeHead(reply.status, replyHeaders(reply, body.length));
  response.flushHeaders();
  let sent = 0;
  const stop = timers.every(Math.max(1, fault.trickleIntervalMs), () => {
    if (response.destroyed) {
      stop();
      return;
    }
    response.write(body.subarray(sent, sent + 1));
    sent += 1;
    if (sent >= body.length) {
      stop();
      response.end();
    }
  });
  response.on('close', stop);
}
