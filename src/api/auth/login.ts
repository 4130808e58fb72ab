/**
 * Checking a login: the same answer and about the same time whether the name is unknown, the password
 * wrong, the account disabled or locked.
 *
 * Locks are set on an account *and the client it was tried from*, so nobody can lock someone else out
 * by guessing wrong from elsewhere (the first admin included):
 * - five failures in a row from one client lock that account for that client for 15 minutes, even
 *   against the right password; a success resets the count;
 * - fifty failures in a row across all clients put the whole account under attack for 15 minutes:
 *   then only clients it logged in from in the last 90 days may still try. An admin's unlock ends both.
 * The client is an HMAC of its address (the one the app trusts: see TRUST_PROXY) with a server key.
 */
import { createHmac } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import {
  accountByUsername,
  loginClient,
  purgeLoginClients,
  recordClientFailure,
  recordClientSuccess,
  recordFailedLogin,
  updateAccount,
} from '../../db/queries/accounts.ts';
import { serverKey } from '../../db/queries/server-keys.ts';
import type { AccountRow, LoginClientRow } from '../../db/schema/accounts.ts';
import { verifyDummy, verifyPassword } from './passwords.ts';

const MIN = 60 * 1000;
/** Failures in a row from one client that lock the account for that client, and for how long. */
export const LOCKOUT = { failures: 5, ms: 15 * MIN };
/** Failures in a row from all clients that put the account under attack, and for how long. */
export const UNDER_ATTACK = { failures: 50, ms: 15 * MIN };
/** How long a client that logged in stays known (and login records are kept). */
export const KNOWN_CLIENT_MS = 90 * 24 * 60 * MIN;

/** True while an account is under attack (too many failures from all clients). */
export function isLocked(account: Pick<AccountRow, 'lockedUntil'>, now: Date): boolean {
  return account.lockedUntil !== null && account.lockedUntil.getTime() > now.getTime();
}

/** The key a client address is stored under: an HMAC with the server's own key, so no address is kept. */
export async function clientKey(db: Db, address: string): Promise<string> {
  const key = await serverKey(db, 'login-clients');
  return createHmac('sha256', key).update(address, 'utf8').digest('base64url');
}

/** True when this client may try the account's password now. */
function mayTry(account: AccountRow, client: LoginClientRow | undefined, now: Date): boolean {
  if (account.disabledAt) return false;
  if (client?.lockedUntil && client.lockedUntil.getTime() > now.getTime()) return false;
  if (!isLocked(account, now)) return true;
  const known = client?.lastSuccessAt;
  return known !== null && known !== undefined && now.getTime() - known.getTime() < KNOWN_CLIENT_MS;
}

/** The account when the name and password are right and it may log in now from `address`; undefined otherwise. */
export async function checkLogin(
  db: Db,
  login: { username: string; password: string; address: string },
  now: Date,
): Promise<AccountRow | undefined> {
  const account = await accountByUsername(db, login.username.trim().toLowerCase());
  if (!account) return void (await verifyDummy(login.password));
  const client = await clientKey(db, login.address);
  if (!mayTry(account, await loginClient(db, account.id, client), now)) {
    // Locked or disabled: spend the same time, count nothing, say nothing more.
    await verifyDummy(login.password);
    return undefined;
  }
  if (!(await verifyPassword(account.passwordHash, login.password))) {
    await recordClientFailure(db, {
      accountId: account.id,
      client,
      max: LOCKOUT.failures,
      lockUntil: new Date(now.getTime() + LOCKOUT.ms),
      now,
    });
    await recordFailedLogin(db, account.id, UNDER_ATTACK.failures, new Date(now.getTime() + UNDER_ATTACK.ms));
    return undefined;
  }
  await recordClientSuccess(db, account.id, client, now);
  await purgeLoginClients(db, new Date(now.getTime() - KNOWN_CLIENT_MS));
  return updateAccount(db, account.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
}
