import type { Request } from 'express';
import { AuthenticatedUser } from '../auth/role';

/** What the host's session middleware learned about a page request before routing. */
export interface WebVisitor {
  /** Ties every form on the visitor's pages to their session (or, before sign-in, to their browser). */
  csrfToken: string;
  /** Set when signed in: the session's id as stored (a hash), for sign-out. */
  sessionKey: string | null;
  organisationName: string | null;
  /** A one-time message from the previous request (post/redirect/get). */
  flash: Flash | null;
}

/** A one-time message: what was done, or (problem) why it could not be, or (info) what is under way or waiting. */
export interface Flash {
  text: string;
  problem?: boolean;
  info?: boolean;
}

/** The flash cookie's value, or null when it is not one of ours. */
export function parseFlash(value: string | null): Flash | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as Partial<Flash>;
    return typeof parsed.text === 'string' ? { text: parsed.text.slice(0, 500), problem: parsed.problem === true, ...(parsed.info === true ? { info: true } : {}) } : null;
  } catch {
    return null;
  }
}

export type WebRequest = Request & { user?: AuthenticatedUser; web?: WebVisitor };

/** Pages are everything outside /api/: they sign in with a cookie and show errors as pages. */
export function isPageRequest(request: Pick<Request, 'path'>): boolean {
  return !(request.path === '/api' || request.path.startsWith('/api/'));
}

/** A redirect target after sign-in: a path on this site only, never another origin. */
export function safeLocalPath(candidate: unknown, fallback = '/'): string {
  if (typeof candidate !== 'string' || !candidate.startsWith('/')) return fallback;
  if (candidate.startsWith('//') || candidate.includes('\\') || [...candidate].some((c) => c.charCodeAt(0) < 0x20)) return fallback;
  return candidate;
}
