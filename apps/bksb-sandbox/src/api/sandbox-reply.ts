/** An answer worked out but not yet sent, so a fault can still trickle or drop it. */
export interface SandboxReply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

export function jsonReply(value: unknown, status = 200): SandboxReply {
  return { status, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(value) };
}

/** bksb answers many refusals with a bare message, not JSON. */
export function textReply(status: number, message: string, headers?: Record<string, string>): SandboxReply {
  return { status, contentType: TEXT_CONTENT_TYPE, body: message, headers };
}
