/**
 * Console sessions: a random cookie value (hb_session) whose sha256 is the session id in the
 * database, with its own CSRF token. A session ends after 8 hours without use or 7 days after login,
 * whichever comes first; last use is written at most once a minute.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { insertSession, purgeSessions } from '../../db/queries/accounts.ts';
import { randomSecret, sha256Hex } from './tokens.ts';

export const SESSION_COOKIE = 'hb_session';
/** Idle and absolute lifetimes, and how stale last_seen_at may get before it is written again. */
export const SESSION_IDLE_MS = 8 * 3600 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3600 * 1000;
export const SESSION_TOUCH_MS = 60 * 1000;

/** The clock of the app (tests inject one). */
export function nowOf(deps: { bot: { now?: () => Date } }): Date {
  return deps.bot.now?.() ?? new Date();
}

/** True when the console's cookies are Secure: the service is reached over https (PUBLIC_URL) or runs in production. */
export function secureCookies(config: Pick<Config, 'production' | 'publicUrl'>): boolean {
  return config.production || Boolean(config.publicUrl?.startsWith('https://'));
}

/**
 * A console cookie's name: with the __Host- prefix whenever cookies are Secure, so a browser takes it
 * only from this very host over https with Path=/ (a sibling subdomain or a plain-http page cannot
 * plant one); the plain name on http, for a laptop.
 */
export function cookieName(config: Pick<Config, 'production' | 'publicUrl'>, name: string): string {
  return secureCookies(config) ? `__Host-${name}` : name;
}

/**
 * Cookie attributes: HttpOnly, SameSite=Strict, Path=/, and Secure when the service is reached over
 * https (PUBLIC_URL) or runs in production. No Max-Age: the cookie ends with the browser.
 */
export function sessionCookieOptions(
  config: Pick<Config, 'production' | 'publicUrl'>,
): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: secureCookies(config) };
}

/** True while a session is neither idle too long nor past its absolute end. */
export function sessionAlive(s: { lastSeenAt: Date; expiresAt: Date }, now: Date): boolean {
  return s.expiresAt.getTime() > now.getTime() && now.getTime() - s.lastSeenAt.getTime() < SESSION_IDLE_MS;
}

/** Starts a new session for an account (always a new id) and returns the cookie value and CSRF token. */
export async function startSession(db: Db, accountId: number, now: Date) {
  await purgeSessions(db, now, new Date(now.getTime() - SESSION_IDLE_MS));
  const cookie = randomSecret();
  const csrf = randomSecret();
  await insertSession(db, {
    id: sha256Hex(cookie),
    accountId,
    csrfToken: csrf,
    now,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
  });
  return { cookie, csrf };
}
