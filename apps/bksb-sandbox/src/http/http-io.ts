import { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxReply } from '../api/sandbox-reply';

export class BodyTooLargeError extends Error {
  constructor(limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes.`);
  }
}

export const BODY_LIMIT_BYTES = 256 * 1024;

/** The whole request body as UTF-8 text, refused past the limit. */
export function readBody(request: IncomingMessage, limitBytes = BODY_LIMIT_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new BodyTooLargeError(limitBytes));
        request.removeAllListeners('data');
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function replyHeaders(reply: SandboxReply, bodyBytes: number): Record<string, string | number> {
  return { 'Content-Type': reply.contentType, 'Content-Length': bodyBytes, ...reply.headers };
}

export function sendReply(response: ServerResponse, reply: SandboxReply): void {
  if (response.headersSent || response.destroyed) return;
  const body = Buffer.from(reply.body, 'utf8');
  response.writeHead(reply.status, replyHeaders(reply, body.length));
  response.end(body);
}

/** The query as a plain object (first value of each name), for recording. */
export function queryObject(query: URLSearchParams): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of query) if (!(name in result)) result[name] = value;
  return result;
}

/** `http://host:port` as the client addressed the sandbox. */
export function requestOrigin(request: IncomingMessage, fallback: string): string {
  const host = request.headers.host;
  return host && /^[\w.-]+(:\d+)?$|^\[[\da-f:.]+\](:\d+)?$/i.test(host) ? `http://${host}` : fallback;
}
