/**
 * CSRF protection for the login form itself (login CSRF: another site signing a browser in to an
 * account of its choosing). Before there is a session the form carries a signed double-submit token:
 * a random value in the SameSite=Strict, HttpOnly cookie `hb_login`, and in a hidden field its HMAC
 * with a key only the service holds. A cross-site post carries no Strict cookie; and someone who can
 * plant a cookie (a sibling subdomain, plain http) still cannot make the field that goes with it.
 */
import { createHmac } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { serverKey } from '../../db/queries/server-keys.ts';
import { sessionCookieOptions } from './sessions.ts';
import { randomSecret, sameSecret } from './tokens.ts';

export const LOGIN_COOKIE = 'hb_login';
/** The hidden field of the login form: the HMAC of the cookie's value. */
export const LOGIN_FIELD = '_login';
const SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The login cookie's attributes: those of the session cookie, sent to the login form only. */
export function loginCookieOptions(config: Pick<Config, 'production' | 'publicUrl'>): CookieSerializeOptions {
  return { ...sessionCookieOptions(config), path: '/admin/login' };
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
  options: CookieSerializeOptions,
): Promise<string> {
  const current = req.cookies?.[LOGIN_COOKIE];
  if (current && SHAPE.test(current)) return signed(db, current);
  const cookie = randomSecret();
  reply.setCookie(LOGIN_COOKIE, cookie, options);
  return signed(db, cookie);
}

/** True when a login post carries the cookie and, in its hidden field, the HMAC of it. */
export async function loginTokenMatches(db: Db, req: FastifyRequest): Promise<boolean> {
  const cookie = req.cookies?.[LOGIN_COOKIE];
  const field = (req.body as Record<string, unknown> | undefined)?.[LOGIN_FIELD];
  if (!cookie || !SHAPE.test(cookie) || typeof field !== 'string') return false;
  return sameSecret(await signed(db, cookie), field);
}
