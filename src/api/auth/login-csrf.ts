/**
 * CSRF protection for the login form itself (login CSRF: another site signing a browser in to an
 * account of its choosing). Before there is a session the form carries a signed double-submit token:
 * a random value in the SameSite=Strict, HttpOnly cookie `hb_login`, and in a hidden field its HMAC
 * with a key only the service holds. A cross-site post carries no Strict cookie; a pair made up by an
 * attacker does not match; and over https the cookie is `__Host-hb_login`, which a sibling subdomain
 * or a plain-http page cannot plant, so a pair the attacker fetched for himself cannot be planted
 * either.
 */
import { createHmac } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { serverKey } from '../../db/queries/server-keys.ts';
import { cookieName, secureCookies, sessionCookieOptions } from './sessions.ts';
import { randomSecret, sameSecret } from './tokens.ts';

export const LOGIN_COOKIE = 'hb_login';
/** The hidden field of the login form: the HMAC of the cookie's value. */
export const LOGIN_FIELD = '_login';
const SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The login cookie: its name and attributes, those of the session cookie, sent to the login form only. */
export interface LoginCookie {
  name: string;
  options: CookieSerializeOptions;
}

/**
 * The login cookie of this configuration. Over https it is `__Host-hb_login` (which needs Path=/):
 * nobody but this host over https can set it, so it cannot be planted together with a field fetched
 * elsewhere. On plain http it is `hb_login`, sent to /admin/login only.
 */
export function loginCookie(config: Pick<Config, 'production' | 'publicUrl'>): LoginCookie {
  const secure = secureCookies(config);
  return {
    name: cookieName(config, LOGIN_COOKIE),
    options: { ...sessionCookieOptions(config), path: secure ? '/' : '/admin/login' },
  };
}

/** The field that goes with a cookie value. */
async function signed(db: Db, cookie: string): Promise<string> {
  return createHmac('sha256', await serverKey(db, 'login-form'))
    .update(cookie, 'utf8')
    .digest('base64url');
}

/**
 * The hidden field for a login form about to be shown: for the browser's current cookie when it has a
 * well-formed one (so two open login tabs both keep working), else for a new one set on `reply`.
 */
export async function issueLoginToken(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  login: LoginCookie,
): Promise<string> {
  const current = req.cookies?.[login.name];
  if (current && SHAPE.test(current)) return signed(db, current);
  const cookie = randomSecret();
  reply.setCookie(login.name, cookie, login.options);
  return signed(db, cookie);
}

/** True when a login post carries the cookie and, in its hidden field, the HMAC of it. */
export async function loginTokenMatches(db: Db, req: FastifyRequest, login: LoginCookie): Promise<boolean> {
  const cookie = req.cookies?.[login.name];
  const field = (req.body as Record<string, unknown> | undefined)?.[LOGIN_FIELD];
  if (!cookie || !SHAPE.test(cookie) || typeof field !== 'string') return false;
  return sameSecret(await signed(db, cookie), field);
}
