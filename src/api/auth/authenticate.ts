/**
 * Authentication of officers' requests: sets req.actor from `Authorization: Bearer <token>` (the
 * ADMIN_TOKEN, or an API token) or from a console session cookie. Role and scope checks are in
 * ../access.ts. A request without valid credentials simply has no actor; requireRole answers 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../access.ts';
import { PROVINCE } from '../access.ts';
import type { AppDeps } from '../app.ts';

const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();

/** The actor of the ADMIN_TOKEN (CONTRACT.md: a bearer token with admin rights for automation). */
export const ADMIN_TOKEN_ACTOR: Actor = {
  id: 'admin-token',
  name: 'admin-token',
  role: 'admin',
  scope: PROVINCE,
  via: 'admin-token',
};

/** The bearer token of a request, if any. */
export function bearerOf(req: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** A preHandler that resolves the actor (or leaves it undefined); never answers by itself. */
export function authenticate(deps: AppDeps) {
  const admin = deps.config.adminToken ? digest(deps.config.adminToken) : undefined;
  return async (req: FastifyRequest) => {
    if (req.actor) return;
    const token = bearerOf(req);
    // Hashing both sides gives equal lengths, so timingSafeEqual never leaks the token's length.
    if (token && admin && timingSafeEqual(digest(token), admin)) {
      req.actor = ADMIN_TOKEN_ACTOR;
      return;
    }
  };
}
