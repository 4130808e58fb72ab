/**
 * Checking a login: the same answer and about the same time whether the name is unknown, the password
 * wrong, the account disabled or locked. Five failures in a row lock the account for 15 minutes; a
 * success resets the count. A locked account is refused even with the right password.
 */
import type { Db } from '../../db/client.ts';
import { accountByUsername, recordFailedLogin, updateAccount } from '../../db/queries/accounts.ts';
import type { AccountRow } from '../../db/schema/accounts.ts';
import { verifyDummy, verifyPassword } from './passwords.ts';

/** Failures in a row that lock an account, and for how long. */
export const LOCKOUT = { failures: 5, ms: 15 * 60 * 1000 };

/** True while an account is locked after failed logins. */
export function isLocked(account: Pick<AccountRow, 'lockedUntil'>, now: Date): boolean {
  return account.lockedUntil !== null && account.lockedUntil.getTime() > now.getTime();
}

/** The account when the name and password are right and it may log in now; undefined otherwise. */
export async function checkLogin(
  db: Db,
  username: string,
  password: string,
  now: Date,
): Promise<AccountRow | undefined> {
  const account = await accountByUsername(db, username.trim().toLowerCase());
  if (!account) return void (await verifyDummy(password));
  if (account.disabledAt || isLocked(account, now)) {
    // Locked or disabled: spend the same time, count nothing, say nothing more.
    await verifyDummy(password);
    return undefined;
  }
  if (!(await verifyPassword(account.passwordHash, password))) {
    await recordFailedLogin(db, account.id, LOCKOUT.failures, new Date(now.getTime() + LOCKOUT.ms));
    return undefined;
  }
  return updateAccount(db, account.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
}
