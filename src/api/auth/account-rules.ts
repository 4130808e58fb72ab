/**
 * What an account may look like: the request bodies of the accounts API (zod), the scope rules (an
 * admin is province-wide; an officer or viewer is province-wide only when asked for explicitly, so a
 * forgotten list never widens an account), and the view the API returns (never a hash).
 */
import { z } from 'zod';
import type { ContentIndex } from '../../content/types.ts';
import type { Db } from '../../db/client.ts';
import { lockedClients } from '../../db/queries/accounts.ts';
import type { AccountRow } from '../../db/schema/accounts.ts';
import type { Role } from '../access.ts';
import { isLocked } from './login.ts';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_RE } from './passwords.ts';

const role = z.enum(['admin', 'officer', 'viewer']);
const names = z.array(z.string().trim().min(1).max(100)).max(200);
const password = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);

/** POST /api/v1/accounts */
export const createAccountSchema = z.strictObject({
  username: z.string().regex(USERNAME_RE, 'must be 3-40 of a-z, 0-9, ".", "_", "-" (lowercase)'),
  password,
  role,
  units: names.optional(),
  formerDistricts: names.optional(),
  province: z.boolean().optional(),
});

/** PATCH /api/v1/accounts/:id */
export const patchAccountSchema = z.strictObject({
  role: role.optional(),
  units: names.optional(),
  formerDistricts: names.optional(),
  province: z.literal(true).optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
  /** With a new password: keep the account's API tokens (by default a new password revokes them). */
  keepTokens: z.boolean().optional(),
  unlock: z.literal(true).optional(),
});

export type ScopeInput = { role: Role; units?: string[]; formerDistricts?: string[]; province?: boolean };

/** The stored scope lists, or the field and message of a 400. */
export function resolveAccountScope(
  input: ScopeInput,
  content: ContentIndex,
): { ok: true; units: string[]; formerDistricts: string[] } | { ok: false; field: string; message: string } {
  const unknownUnit = (input.units ?? []).find((u) => !content.units.get(u));
  if (unknownUnit) return { ok: false, field: 'units', message: `no commune or ward named "${unknownUnit}"` };
  // Stored by their exact names, whatever diacritics or case the admin typed.
  const units = [...new Set((input.units ?? []).map((u) => content.units.get(u)?.name as string))].sort();
  const formerDistricts = [...new Set(input.formerDistricts ?? [])].sort();
  const known = new Set(content.units.formerDistricts());
  const unknownDistrict = formerDistricts.find((d) => !known.has(d));
  if (unknownDistrict)
    return { ok: false, field: 'formerDistricts', message: `no former district named "${unknownDistrict}"` };
  const listed = units.length + formerDistricts.length > 0;
  if (input.role === 'admin' || input.province) {
    if (listed) {
      const why = input.role === 'admin' ? 'an admin is province-wide' : 'province: true';
      return { ok: false, field: 'units', message: `${why}: give no units or former districts` };
    }
    return { ok: true, units: [], formerDistricts: [] };
  }
  if (!listed)
    return {
      ok: false,
      field: 'units',
      message: 'give units or formerDistricts, or province: true for the whole province',
    };
  return { ok: true, units, formerDistricts };
}

/** Accounts as the API shows them, each with the number of clients locked out of it now. */
export async function accountViews(db: Db, rows: AccountRow[], now: Date) {
  const locked = await lockedClients(db, now);
  return rows.map((a) => accountView(a, now, locked.get(a.id) ?? 0));
}

/** An account as the API shows it: no password hash, ever. */
export function accountView(a: AccountRow, now: Date, lockedClientCount = 0) {
  return {
    id: a.id,
    username: a.username,
    role: a.role,
    province: a.role === 'admin' || a.units.length + a.formerDistricts.length === 0,
    units: a.units,
    formerDistricts: a.formerDistricts,
    disabled: a.disabledAt !== null,
    locked: isLocked(a, now),
    lockedUntil: isLocked(a, now) ? a.lockedUntil : null,
    /** Clients (addresses) locked out of the account after 5 failures in a row from each. */
    lockedClients: lockedClientCount,
    failedLogins: a.failedLogins,
    createdAt: a.createdAt,
    lastLoginAt: a.lastLoginAt,
    passwordChangedAt: a.passwordChangedAt,
  };
}
