/**
 * Authentication of officers' requests: sets req.actor from `Authorization: Bearer <token>` (the
 * ADMIN_TOKEN, or an API token) or from the console session cookie. Role and scope checks are in
 * ../access.ts. A request without valid credentials simply has no actor; requireRole answers 401.
 * A request with an Authorization header is judged by it alone, never by a cookie it also carries.
 * Resolving a session for an unsafe request (POST, PUT, PATCH, DELETE) also checks its CSRF token:
 * whoever resolves a session gets the check with it, so no path to an actor can skip it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import {
  apiTokenWithAccount,
  sessionWithAccount,
  touchApiToken,
  touchSession,
} from '../../db/queries/accounts.ts';
import type { Actor } from '../access.ts';
import { PROVINCE } from '../access.ts';
import type { AppDeps } from '../app.ts';
import { accountActor } from './actor.ts';
import { CsrfError, csrfSatisfied } from './csrf.ts';
import { cookieName, nowOf, SESSION_COOKIE, SESSION_TOUCH_MS, sessionAlive } from './sessions.ts';
import { API_TOKEN_PREFIX, sha256Hex } from './tokens.ts';

const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();

/** The actor of the ADMIN_TOKEN (README: a bearer token with admin rights for automation). */
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

/** The actor of an API token: refused when unknown, revoked, or its account is disabled. */
async function tokenActor(deps: AppDeps, token: string): Promise<Actor | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const found = await apiTokenWithAccount(deps.bot.database.db, sha256Hex(token));
  if (!found || found.token.revokedAt || found.account.disabledAt) return undefined;
  const now = nowOf(deps);
  if (!found.token.lastUsedAt || now.getTime() - found.token.lastUsedAt.getTime() >= SESSION_TOUCH_MS)
    await touchApiToken(deps.bot.database.db, found.token.id, now);
  return accountActor(found.account, deps.bot.content(), { token: found.token.id });
}

/** The actor of a console session cookie: refused when unknown, idle, expired, or the account is disabled. */
export async function sessionActor(deps: AppDeps, cookie: string): Promise<Actor | undefined> {
  const id = sha256Hex(cookie);
  const found = await sessionWithAccount(deps.bot.database.db, id);
  const now = nowOf(deps);
  if (!found || found.account.disabledAt || !sessionAlive(found.session, now)) return undefined;
  if (now.getTime() - found.session.lastSeenAt.getTime() >= SESSION_TOUCH_MS)
    await touchSession(deps.bot.database.db, id, now);
  return accountActor(found.account, deps.bot.content(), { csrf: found.session.csrfToken });
}

/**
 * Resolves the actor (or leaves it undefined). Throws CsrfError (403 {"error":"csrf"}) for an unsafe
 * request authenticated by a session cookie without that session's CSRF token.
 */
export function authenticate(deps: AppDeps) {
  const admin = deps.config.adminToken ? digest(deps.config.adminToken) : undefined;
  const sessionCookie = cookieName(deps.config, SESSION_COOKIE);
  return async (req: FastifyRequest) => {
    if (req.actor) return;
    if (req.headers.authorization !== undefined) {
      const token = bearerOf(req);
      if (!token) return;
      // Hashing both sides gives equal lengths, so timingSafeEqual never leaks the token's length.
      if (admin && timingSafeEqual(digest(token), admin)) {
        req.actor = ADMIN_TOKEN_ACTOR;
        return;
      }
      req.actor = await tokenActor(deps, token);
      return;
    }
    const cookie = req.cookies?.[sessionCookie];
    if (!cookie) return;
    req.actor = await sessionActor(deps, cookie);
    if (!csrfSatisfied(req)) throw new CsrfError();
  };
}
