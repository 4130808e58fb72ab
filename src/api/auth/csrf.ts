/**
 * CSRF protection for console sessions: a request authenticated by the session cookie with an unsafe
 * method must carry the session's token in the x-csrf-token header or the _csrf form field. Bearer
 * requests carry no cookie a browser could send on its own, so they need none.
 */
import type { FastifyRequest } from 'fastify';
import { sameSecret } from './tokens.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token a request presents: the header first, else the _csrf field of a parsed form or JSON body. */
export function presentedCsrf(req: FastifyRequest): string | undefined {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string' && header) return header;
  const body = req.body as { _csrf?: unknown } | undefined;
  return body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined;
}

/** True when the request needs no token or carries its session's one. */
export function csrfSatisfied(req: FastifyRequest): boolean {
  const actor = req.actor;
  if (actor?.via !== 'session' || SAFE.has(req.method)) return true;
  const presented = presentedCsrf(req);
  return presented !== undefined && actor.csrf !== undefined && sameSecret(presented, actor.csrf);
}

/** A cookie-authenticated unsafe request without its session's token: 403 {"error":"csrf"}. */
export class CsrfError extends Error {
  readonly statusCode = 403;
  readonly code = 'csrf';
  constructor() {
    super('missing or wrong CSRF token (x-csrf-token header or _csrf field)');
    this.name = 'CsrfError';
  }
}
