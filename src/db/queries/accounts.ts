/**
 * Accounts, console sessions and API tokens. Sessions and tokens are looked up by the sha256 of the
 * secret the browser or script holds, together with their account, in one query.
 */
import { and, asc, count, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Role } from '../../api/access.ts';
import type { Db } from '../client.ts';
import { type AccountRow, accounts, apiTokens, consoleSessions, loginClients } from '../schema/accounts.ts';

export interface NewAccount {
  username: string;
  passwordHash: string;
  role: Role;
  units?: string[];
  formerDistricts?: string[];
}

/** How many accounts exist (zero on a new database). */
export async function countAccounts(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(accounts);
  return Number(row?.n ?? 0);
}

/** Inserts an account; undefined when the name is taken (ON CONFLICT DO NOTHING, safe across replicas). */
export async function insertAccount(
  db: Db,
  a: NewAccount,
  now = new Date(),
): Promise<AccountRow | undefined> {
  const [row] = await db
    .insert(accounts)
    .values({ ...a, createdAt: now, passwordChangedAt: now })
    .onConflictDoNothing({ target: accounts.username })
    .returning();
  return row;
}

/** One account by login name. */
export async function accountByUsername(db: Db, username: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.username, username));
  return row;
}

/** One account by id. */
export async function accountById(db: Db, id: number): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

/** Every account, by login name. */
export function listAccounts(db: Db): Promise<AccountRow[]> {
  return db.select().from(accounts).orderBy(asc(accounts.username));
}

/** Changes some columns of an account; returns the row after the change. */
export async function updateAccount(
  db: Db,
  id: number,
  set: Partial<Omit<AccountRow, 'id' | 'username' | 'createdAt'>>,
): Promise<AccountRow | undefined> {
  const [row] = await db.update(accounts).set(set).where(eq(accounts.id, id)).returning();
  return row;
}

/**
 * Counts a login attempt of an account from a client *before* its password is checked, so parallel
 * attempts cannot all pass a check made before any of them was counted. Atomic (one upsert). Returns
 * the attempts in a row now counted, the lock if one is in force (a locked pair counts nothing) and
 * the last success from this client.
 */
export async function countClientAttempt(
  db: Db,
  a: { accountId: number; client: string; now: Date },
): Promise<{ attempts: number; lockedUntil: Date | null; lastSuccessAt: Date | null }> {
  const locked = sql`(${loginClients.lockedUntil} is not null and ${loginClients.lockedUntil} > ${a.now.toISOString()}::timestamptz)`;
  const [row] = await db
    .insert(loginClients)
    .values({ accountId: a.accountId, client: a.client, failures: 1, updatedAt: a.now })
    .onConflictDoUpdate({
      target: [loginClients.accountId, loginClients.client],
      set: {
        failures: sql`case when ${locked} then ${loginClients.failures} else ${loginClients.failures} + 1 end`,
        updatedAt: a.now,
      },
    })
    .returning({
      attempts: loginClients.failures,
      lockedUntil: loginClients.lockedUntil,
      lastSuccessAt: loginClients.lastSuccessAt,
    });
  if (!row) throw new Error('login attempt not counted');
  const lockedUntil = row.lockedUntil && row.lockedUntil.getTime() > a.now.getTime() ? row.lockedUntil : null;
  return { ...row, lockedUntil };
}

/**
 * The statements of counting an attempt (countClientAttempt, countAccountAttempt) made on no row:
 * what a login for an unknown or disabled name does, so it takes as long as one for a known name.
 */
export async function countNothing(db: Db, client: string) {
  await db
    .update(loginClients)
    .set({ failures: sql`${loginClients.failures} + 1` })
    .where(and(eq(loginClients.accountId, -1), eq(loginClients.client, client)));
  await db
    .update(accounts)
    .set({ failedLogins: sql`${accounts.failedLogins} + 1` })
    .where(eq(accounts.id, -1));
}

/** Locks an account for one client until `until`, and starts its count again. */
export async function lockClient(db: Db, accountId: number, client: string, until: Date) {
  await db
    .update(loginClients)
    .set({ failures: 0, lockedUntil: until })
    .where(and(eq(loginClients.accountId, accountId), eq(loginClients.client, client)));
}

/**
 * Counts a login attempt on the account as a whole, before its password is checked (atomic). While
 * the account is under attack an unknown client's attempt is not counted and undefined is returned:
 * it may not try. Otherwise: the attempts in a row since the last success, and the lock if any.
 */
export async function countAccountAttempt(
  db: Db,
  a: { accountId: number; now: Date; known: boolean },
): Promise<{ attempts: number; lockedUntil: Date | null } | undefined> {
  const underAttack = sql`(${accounts.lockedUntil} is not null and ${accounts.lockedUntil} > ${a.now.toISOString()}::timestamptz)`;
  const [row] = await db
    .update(accounts)
    .set({ failedLogins: sql`${accounts.failedLogins} + 1` })
    .where(and(eq(accounts.id, a.accountId), a.known ? sql`true` : sql`not ${underAttack}`))
    .returning({ attempts: accounts.failedLogins, lockedUntil: accounts.lockedUntil });
  return row;
}

/** Puts an account under attack until `until` (only known clients may try), and starts its count again. */
export async function lockAccount(db: Db, accountId: number, until: Date) {
  await db.update(accounts).set({ failedLogins: 0, lockedUntil: until }).where(eq(accounts.id, accountId));
}

/**
 * A successful login: the client's count and lock end and it is known from now on; the account's
 * count starts again. An account-wide lock stays: one client's success does not end an attack.
 */
export async function recordLoginSuccess(db: Db, accountId: number, client: string, now: Date) {
  await db
    .insert(loginClients)
    .values({ accountId, client, failures: 0, lockedUntil: null, lastSuccessAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [loginClients.accountId, loginClients.client],
      set: { failures: 0, lockedUntil: null, lastSuccessAt: now, updatedAt: now },
    });
  const [row] = await db
    .update(accounts)
    .set({ failedLogins: 0, lastLoginAt: now })
    .where(eq(accounts.id, accountId))
    .returning();
  return row;
}

/** Ends every lock of an account, on the account and on each of its clients (an admin's unlock). */
export async function unlockLogins(db: Db, accountId: number) {
  await db
    .update(loginClients)
    .set({ failures: 0, lockedUntil: null })
    .where(eq(loginClients.accountId, accountId));
}

/** Forgets login records untouched since `before`. */
export async function purgeLoginClients(db: Db, before: Date) {
  await db.delete(loginClients).where(lt(loginClients.updatedAt, before));
}

/** How many clients of each account are locked out now, by account id. */
export async function lockedClients(db: Db, now: Date): Promise<Map<number, number>> {
  const rows = await db
    .select({ accountId: loginClients.accountId, n: count() })
    .from(loginClients)
    .where(sql`${loginClients.lockedUntil} > ${now.toISOString()}::timestamptz`)
    .groupBy(loginClients.accountId);
  return new Map(rows.map((r) => [r.accountId, Number(r.n)]));
}

/** Counts enabled admins other than `exceptId` (so the last one is never disabled or demoted). */
export async function otherActiveAdmins(db: Db, exceptId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(accounts)
    .where(and(eq(accounts.role, 'admin'), isNull(accounts.disabledAt), sql`${accounts.id} <> ${exceptId}`));
  return Number(row?.n ?? 0);
}

/** Stores a new console session (its id is the sha256 of the cookie value). */
export async function insertSession(
  db: Db,
  s: { id: string; accountId: number; csrfToken: string; now: Date; expiresAt: Date },
) {
  await db.insert(consoleSessions).values({
    id: s.id,
    accountId: s.accountId,
    csrfToken: s.csrfToken,
    createdAt: s.now,
    lastSeenAt: s.now,
    expiresAt: s.expiresAt,
  });
}

/** A session with its account, if the session exists. */
export async function sessionWithAccount(db: Db, id: string) {
  const [row] = await db
    .select({ session: consoleSessions, account: accounts })
    .from(consoleSessions)
    .innerJoin(accounts, eq(accounts.id, consoleSessions.accountId))
    .where(eq(consoleSessions.id, id));
  return row;
}

/** Marks a session as used now. */
export async function touchSession(db: Db, id: string, now: Date) {
  await db.update(consoleSessions).set({ lastSeenAt: now }).where(eq(consoleSessions.id, id));
}

/** Ends one session. */
export async function deleteSession(db: Db, id: string) {
  await db.delete(consoleSessions).where(eq(consoleSessions.id, id));
}

/** Ends every session of an account (disabled, or its password changed). */
export async function deleteSessionsOf(db: Db, accountId: number) {
  await db.delete(consoleSessions).where(eq(consoleSessions.accountId, accountId));
}

/** Removes sessions past their absolute end or idle since `idleBefore`. */
export async function purgeSessions(db: Db, now: Date, idleBefore: Date) {
  await db
    .delete(consoleSessions)
    .where(or(lt(consoleSessions.expiresAt, now), lt(consoleSessions.lastSeenAt, idleBefore)));
}

/** Stores a new API token's hash. */
export async function insertApiToken(
  db: Db,
  t: { tokenHash: string; accountId: number; label: string; now: Date },
) {
  const [row] = await db
    .insert(apiTokens)
    .values({ tokenHash: t.tokenHash, accountId: t.accountId, label: t.label, createdAt: t.now })
    .returning();
  return row;
}

/** A token with its account, by the token's hash. */
export async function apiTokenWithAccount(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ token: apiTokens, account: accounts })
    .from(apiTokens)
    .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .where(eq(apiTokens.tokenHash, tokenHash));
  return row;
}

/** Marks a token as used now. */
export async function touchApiToken(db: Db, id: number, now: Date) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

/** An account's tokens (without their hashes), newest first. */
export function listApiTokens(db: Db, accountId: number) {
  return db
    .select({
      id: apiTokens.id,
      label: apiTokens.label,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.accountId, accountId))
    .orderBy(sql`${apiTokens.id} desc`);
}

/** Revokes one token of an account; false when there is no such token or it was already revoked. */
export async function revokeApiToken(
  db: Db,
  accountId: number,
  tokenId: number,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.accountId, accountId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** Revokes every active token of an account (its password was reset); returns how many. */
export async function revokeApiTokensOf(db: Db, accountId: number, now: Date): Promise<number> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.accountId, accountId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}
