/**
 * Console accounts for tests: create one straight in the database, and log in over HTTP to get the
 * session cookie and its CSRF token, as a browser would.
 */
import { eq } from 'drizzle-orm';
import type { Role } from '../../src/api/access.ts';
import { LOGIN_COOKIE, LOGIN_FIELD } from '../../src/api/auth/login-csrf.ts';
import { hashPassword } from '../../src/api/auth/passwords.ts';
import { SESSION_COOKIE } from '../../src/api/auth/sessions.ts';
import { sha256Hex } from '../../src/api/auth/tokens.ts';
import type { Db } from '../../src/db/client.ts';
import { insertAccount } from '../../src/db/queries/accounts.ts';
import { type AccountRow, consoleSessions } from '../../src/db/schema/accounts.ts';
import type { Service } from '../../src/service.ts';

/** The password createAccount gives unless told otherwise. */
export const TEST_PASSWORD = 'correct horse battery';

/** Creates an account (officer, province-wide unless units or former districts are given). */
export async function createAccount(
  db: Db,
  a: { username: string; password?: string; role?: Role; units?: string[]; formerDistricts?: string[] },
): Promise<AccountRow> {
  const row = await insertAccount(db, {
    username: a.username,
    passwordHash: await hashPassword(a.password ?? TEST_PASSWORD),
    role: a.role ?? 'officer',
    units: a.units ?? [],
    formerDistricts: a.formerDistricts ?? [],
  });
  if (!row) throw new Error(`account ${a.username} exists`);
  return row;
}

export interface ConsoleLogin {
  /** The Cookie header value ("hb_session=…"). */
  cookie: string;
  csrf: string;
  /** Headers for app.inject(): the cookie and the CSRF token. */
  headers: { cookie: string; 'x-csrf-token': string };
}

/** The hidden login-token field of a login page. */
export function loginFieldOf(page: string): string {
  const field = new RegExp(`<input type="hidden" name="${LOGIN_FIELD}" value="([A-Za-z0-9_-]{43})">`).exec(
    page,
  )?.[1];
  if (!field) throw new Error('the login page has no login token field');
  return field;
}

/** What a browser gets with the login form: the `hb_login` cookie and the signed value of its hidden field. */
export async function loginFormToken(
  service: Service,
): Promise<{ cookie: string; fields: Record<string, string> }> {
  const res = await service.app.inject({ method: 'GET', url: '/admin/login' });
  // Over https (PUBLIC_URL https) the cookie is __Host-hb_login.
  const set = res.cookies.find((c) => c.name === LOGIN_COOKIE || c.name === `__Host-${LOGIN_COOKIE}`);
  if (!set) throw new Error('the login form set no hb_login cookie');
  return { cookie: `${set.name}=${set.value}`, fields: { [LOGIN_FIELD]: loginFieldOf(res.body) } };
}

/** Logs in through the login form (GET for its token, then POST /admin/login); throws unless it succeeds. */
export async function loginCookie(
  service: Service,
  username: string,
  password = TEST_PASSWORD,
  opts: { remoteAddress?: string } = {},
): Promise<ConsoleLogin> {
  const form = await loginFormToken(service);
  const res = await service.app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
    payload: new URLSearchParams({ username, password, ...form.fields }).toString(),
    remoteAddress: opts.remoteAddress ?? '127.0.0.9',
  });
  const set = res.cookies.find((c) => c.name === SESSION_COOKIE || c.name === `__Host-${SESSION_COOKIE}`);
  if (res.statusCode !== 303 || !set) throw new Error(`login of ${username} failed: ${res.statusCode}`);
  const [session] = await service.database.db
    .select()
    .from(consoleSessions)
    .where(eq(consoleSessions.id, sha256Hex(set.value)));
  if (!session) throw new Error('no session stored');
  const cookie = `${set.name}=${set.value}`;
  return { cookie, csrf: session.csrfToken, headers: { cookie, 'x-csrf-token': session.csrfToken } };
}

/** Every id of an input, textarea or select on a page without a <label for> (hidden inputs need none). */
export function unlabelled(page: string): string[] {
  const labels = new Set([...page.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]));
  const fields = [...page.matchAll(/<(input|textarea|select)\b([^>]*)>/g)].filter(
    (m) => !/type="hidden"/.test(m[2] as string),
  );
  return fields
    .map((m) => /\bid="([^"]+)"/.exec(m[2] as string)?.[1] ?? `(no id) ${m[0]}`)
    .filter((id) => !labels.has(id));
}
