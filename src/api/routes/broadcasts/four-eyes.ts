/**
 * Four-eyes approval: a broadcast whose audience covers more communes/wards than FOUR_EYES_ABOVE_UNITS
 * (or the whole province) waits in "awaiting_approval" until a second person approves it. Automation
 * with the ADMIN_TOKEN keeps the README's behaviour (send = scheduled) and is not held. Campaign
 * occurrences follow the same rule (who may approve: wroteIt).
 */
import type { Db } from '../../../db/client.ts';
import { personOf } from '../../../db/queries/broadcast-actions.ts';
import type { Actor } from '../../access.ts';

/** The status a broadcast waits in for its second approver (added to the README's list). */
export const AWAITING_APPROVAL = 'awaiting_approval';

/** True when an audience of `units` (undefined = province-wide) needs a second person at `threshold`. */
export function needsSecondPerson(units: readonly string[] | undefined, threshold: number | null): boolean {
  if (threshold === null) return false;
  return units === undefined || units.length > threshold;
}

/** True when this actor's "send" must wait for a second person (accounts and their API tokens). */
export function heldForApproval(
  actor: Actor,
  units: readonly string[] | undefined,
  threshold: number | null,
): boolean {
  return actor.via !== 'admin-token' && needsSecondPerson(units, threshold);
}

/**
 * The four-eyes rule for everything that waits for a second person (broadcasts, campaign
 * occurrences): true when the approver is one of `writers` (audit actor ids of whoever wrote, edited
 * or sent it since it was last approved). Ids are compared as the person behind them (personOf), so
 * a console session and an API token of one account are one person.
 */
export async function wroteIt(
  db: Db,
  approver: string,
  writers: ReadonlyArray<string | null | undefined>,
): Promise<boolean> {
  const known = writers.filter((w): w is string => typeof w === 'string' && w !== '');
  if (known.length === 0) return false;
  const me = await personOf(db, approver);
  for (const w of new Set(known)) if ((await personOf(db, w)) === me) return true;
  return false;
}
