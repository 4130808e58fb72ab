/**
 * For requests that outlive their authentication (the broadcasts' progress stream): who the request's
 * own credentials stand for now. The same rules as ./authenticate.ts (an unknown, revoked, idle or
 * expired credential, or a disabled account, stands for nobody) without counting as a use, so an
 * open stream never keeps an idle session alive.
 */
import type { FastifyRequest } from 'fastify';
import { apiTokenWithAccount, sessionWithAccount } from '../../db/queries/accounts.ts';
import type { Actor } from '../access.ts';
import type { AppDeps } from '../app.ts';
import { accountActor } from './actor.ts';
import { bearerOf } from './authenticate.ts';
import { cookieName, nowOf, SESSION_COOKIE, sessionAlive } from './sessions.ts';
import { sha256Hex } from './tokens.ts';

/** The actor now, and the person behind it ("account:<id>", or "admin-token"), for per-person limits. */
export interface CurrentActor {
  actor: Actor;
  person: string;
}

/**
 * Resolves the request's actor again from the credential it was authenticated with; undefined when
 * that credential no longer lets anyone in. The ADMIN_TOKEN comes from the configuration and stays.
 */
export async function currentActor(deps: AppDeps, req: FastifyRequest): Promise<CurrentActor | undefined> {
  const was = req.actor;
  if (!was) return undefined;
  if (was.via === 'admin-token') return { actor: was, person: was.id };
  const db = deps.bot.database.db;
  if (was.via === 'token') {
    const token = bearerOf(req);
    const found = token ? await apiTokenWithAccount(db, sha256Hex(token)) : undefined;
    if (!found || found.token.revokedAt || found.account.disabledAt) return undefined;
    const actor = accountActor(found.account, deps.bot.content(), { token: found.token.id });
    return { actor, person: `account:${found.account.id}` };
  }
  const cookie = req.cookies?.[cookieName(deps.config, SESSION_COOKIE)];
  const found = cookie ? await sessionWithAccount(db, sha256Hex(cookie)) : undefined;
  if (!found || found.account.disabledAt || !sessionAlive(found.session, nowOf(deps))) return undefined;
  const actor = accountActor(found.account, deps.bot.content(), { csrf: found.session.csrfToken });
  return { actor, person: `account:${found.account.id}` };
}
