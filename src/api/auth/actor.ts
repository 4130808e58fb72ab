/**
 * Turns an account into the Actor every route checks: admins are province-wide; an officer or viewer
 * with no units and no former districts is province-wide too, otherwise the listed units plus every
 * unit of the listed former districts (resolved now, so a content change is followed at once).
 */
import type { ContentIndex } from '../../content/types.ts';
import type { AccountRow } from '../../db/schema/accounts.ts';
import { type Actor, PROVINCE, type Scope } from '../access.ts';

/** The scope of an account, with former districts expanded to their communes and wards. */
export function accountScope(
  account: Pick<AccountRow, 'role' | 'units' | 'formerDistricts'>,
  content: ContentIndex,
): Scope {
  if (account.role === 'admin') return PROVINCE;
  if (account.units.length === 0 && account.formerDistricts.length === 0) return PROVINCE;
  const units = new Set(account.units);
  for (const d of account.formerDistricts) for (const u of content.units.unitsOf(d)) units.add(u.name);
  return { all: false, units };
}

/** The actor of a console session or an API token of `account`. */
export function accountActor(
  account: AccountRow,
  content: ContentIndex,
  via: { csrf: string } | { token: number },
): Actor {
  const common = { name: account.username, role: account.role, scope: accountScope(account, content) };
  return 'csrf' in via
    ? { ...common, id: `user:${account.id}`, via: 'session', csrf: via.csrf }
    : { ...common, id: `token:${via.token}`, via: 'token' };
}
