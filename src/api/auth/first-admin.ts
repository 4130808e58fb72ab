/**
 * The first account (README): on a database without accounts, `admin` with ADMIN_PASSWORD, or a
 * random password that main.ts prints once on stdout (never through the logger). Several replicas
 * starting together create it once: the insert does nothing when the name is taken.
 */
import { ConfigError } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { countAccounts, insertAccount } from '../../db/queries/accounts.ts';
import { hashPassword, passwordProblem, randomPassword } from './passwords.ts';

export const FIRST_ADMIN = 'admin';

/** What start-up did about the first account; `password` only when it was made up here. */
export interface FirstAdmin {
  created: boolean;
  username: string;
  password?: string;
}

/** Creates `admin` when no account exists; throws ConfigError for an ADMIN_PASSWORD that is too short. */
export async function ensureFirstAdmin(
  db: Db,
  adminPassword: string | undefined,
  now = new Date(),
): Promise<FirstAdmin> {
  if (adminPassword !== undefined) {
    const problem = passwordProblem(adminPassword);
    if (problem) throw new ConfigError(`ADMIN_PASSWORD: ${problem}`);
  }
  if ((await countAccounts(db)) > 0) return { created: false, username: FIRST_ADMIN };
  const password = adminPassword ?? randomPassword();
  const row = await insertAccount(
    db,
    { username: FIRST_ADMIN, passwordHash: await hashPassword(password), role: 'admin' },
    now,
  );
  if (!row) return { created: false, username: FIRST_ADMIN };
  return { created: true, username: FIRST_ADMIN, ...(adminPassword === undefined ? { password } : {}) };
}
