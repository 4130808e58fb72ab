/**
 * Four-eyes approval: a broadcast whose audience covers more communes/wards than FOUR_EYES_ABOVE_UNITS
 * (or the whole province) waits in "awaiting_approval" until a second person approves it. Automation
 * with the ADMIN_TOKEN keeps CONTRACT.md's behaviour (send = scheduled) and is not held.
 */
import type { Actor } from '../../access.ts';

/** The status a broadcast waits in for its second approver (added to CONTRACT.md's list). */
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
 * True when the approver is one of the people who wrote or sent it (ids as personOf gives them, so a
 * session and an API token of one account are one person): they cannot be the second pair of eyes.
 */
export function isOwnRequest(approver: string, people: ReadonlyArray<string | null | undefined>): boolean {
  return people.some((p) => p === approver);
}
