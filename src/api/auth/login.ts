/**
 * Checking a login: the same answer and about the same time whether the name is unknown, the password
 * wrong, the account disabled or locked.
 *
 * Locks are set on an account *and the client it was tried from*, so nobody can lock someone else out
 * by guessing wrong from elsewhere (the first admin included):
 * - five failures in a row from one client lock that account for that client for 15 minutes, even
 *   against the right password; a success resets the count;
 * - fifty failures in a row across all clients put the whole account under attack for 15 minutes:
 *   then only clients it logged in from in the last 90 days may still try, and one of them getting in
 *   does not end it. An admin's unlock ends both.
 * Every attempt is counted before its password is checked, in one atomic statement each for the
 * client and the account, so parallel guesses get no more checks than guesses one after another.
 * The client is an HMAC of its address (the one the app trusts: see TRUST_PROXY) with a server key.
 */
import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import type { Db } from '../../db/client.ts';
import {
  accountByUsername,
  countAccountAttempt,
  countClientAttempt,
  countNothing,
  lockAccount,
  lockClient,
  purgeLoginClients,
  recordLoginSuccess,
} from '../../db/queries/accounts.ts';
import { serverKey } from '../../db/queries/server-keys.ts';
import type { AccountRow } from '../../db/schema/accounts.ts';
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

/**
 * The client an address stands for: an IPv4 address as itself (also when written IPv4-mapped,
 * "::ffff:1.2.3.4"), an IPv6 address as its /64 network, which one household or phone usually holds
 * whole: so neither spelling nor a new address inside the same network starts a new count.
 */
export function clientOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The key a client is stored under: an HMAC with the server's own key, so no address is kept. */
export async function clientKey(db: Db, address: string): Promise<string> {
  const key = await serverKey(db, 'login-clients');
  return createHmac('sha256', key).update(clientOf(address), 'utf8').digest('base64url');
}

/** An attempt counted: where it stands in the client's and the account's runs of failures. */
interface Counted {
  fromClient: number;
  onAccount: number;
}

/**
 * Counts this attempt, from the client and on the account, before the password is checked, and says
 * whether it may be checked (undefined: it may not). Counting first, atomically, means a burst of
 * parallel guesses gets no more checks than guesses made one after another.
 */
async function countAttempt(
  db: Db,
  account: AccountRow,
  client: string,
  now: Date,
): Promise<Counted | undefined> {
  const fromClient = await countClientAttempt(db, { accountId: account.id, client, now });
  if (fromClient.lockedUntil) return undefined;
  if (fromClient.attempts > LOCKOUT.failures) {
    // Only parallel attempts get here: the failure that reached the limit locked the pair already.
    await lockClient(db, account.id, client, new Date(now.getTime() + LOCKOUT.ms));
    return undefined;
  }
  const known =
    fromClient.lastSuccessAt !== null && now.getTime() - fromClient.lastSuccessAt.getTime() < KNOWN_CLIENT_MS;
  const onAccount = await countAccountAttempt(db, { accountId: account.id, now, known });
  if (!onAccount) return undefined;
  if (!known && onAccount.attempts > UNDER_ATTACK.failures) {
    await lockAccount(db, account.id, new Date(now.getTime() + UNDER_ATTACK.ms));
    return undefined;
  }
  return { fromClient: fromClient.attempts, onAccount: onAccount.attempts };
}

/** The account when the name and password are right and it may log in now from `address`; undefined otherwise. */
export async function checkLogin(
  db: Db,
  login: { username: string; password: string; address: string },
  now: Date,
): Promise<AccountRow | undefined> {
  const account = await accountByUsername(db, login.username.trim().toLowerCase());
  const client = await clientKey(db, login.address);
  if (!account || account.disabledAt) {
    // The same database round trips as counting an attempt, so the time taken does not tell an
    // unknown or disabled name from a known one; nothing is counted.
    await countNothing(db, client);
    return void (await verifyDummy(login.password));
  }
  const counted = await countAttempt(db, account, client, now);
  if (!counted) {
    // Locked: spend the same time, say nothing more.
    await verifyDummy(login.password);
    return undefined;
  }
  if (!(await verifyPassword(account.passwordHash, login.password))) {
    // The failure that reaches a limit locks at once, not the next attempt.
    if (counted.fromClient >= LOCKOUT.failures)
      await lockClient(db, account.id, client, new Date(now.getTime() + LOCKOUT.ms));
    if (counted.onAccount >= UNDER_ATTACK.failures)
      await lockAccount(db, account.id, new Date(now.getTime() + UNDER_ATTACK.ms));
    return undefined;
  }
  await purgeLoginClients(db, new Date(now.getTime() - KNOWN_CLIENT_MS));
  return recordLoginSuccess(db, account.id, client, now);
}
