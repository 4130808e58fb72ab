/**
 * CSRF protection for the login form itself (login CSRF: another site signing a browser in to an
 * account of its choosing). Before there is a session the form carries a double-submit token: a random
 * value in the SameSite=Strict, HttpOnly cookie `hb_login` and the same value in a hidden field. A
 * cross-site post carries no Strict cookie, and a page elsewhere cannot read the cookie to copy it.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { sessionCookieOptions } from './sessions.ts';
import { randomSecret, sameSecret } from './tokens.ts';

export const LOGIN_COOKIE = 'hb_login';
/** The hidden field of the login form that must equal the cookie. */
export const LOGIN_FIELD = '_login';
const SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The login cookie's attributes: those of the session cookie, sent to the login form only. */
export function loginCookieOptions(config: Pick<Config, 'production' | 'publicUrl'>): CookieSerializeOptions {
  return { ...sessionCookieOptions(config), path: '/admin/login' };
}

/**
 * The token for a login form about to be shown: the browser's current one when it has a well-formed
 * one (so two open login tabs both keep working), else a new one set as the cookie on `reply`.
 */
export function issueLoginToken(req: FastifyRequest, reply: FastifyReply, options: CookieSerializeOptions) {
  const current = req.cookies?.[LOGIN_COOKIE];
  if (current && SHAPE.test(current)) return current;
  const token = randomSecret();
  reply.setCookie(LOGIN_COOKIE, token, options);
  return token;
}

/** True when a login post carries the cookie and the same value in its hidden field. */
export function loginTokenMatches(req: FastifyRequest): boolean {
  const cookie = req.cookies?.[LOGIN_COOKIE];
  const field = (req.body as Record<string, unknown> | undefined)?.[LOGIN_FIELD];
  if (!cookie || !SHAPE.test(cookie) || typeof field !== 'string') return false;
  return sameSecret(cookie, field);
}
