/**
 * Which audiences an officer may address and which broadcasts (or occurrences) they may see: an
 * audience resolves to communes/wards (or the whole province) and must lie inside the actor's scope
 * (access.ts decides). Broadcasts outside it answer 404, so their ids do not leak.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveAudience } from '../../../bot/broadcast/audience.ts';
import type { ContentIndex } from '../../../content/types.ts';
import type { Audience } from '../../../db/schema/broadcasts.ts';
import { type Actor, checkScope, covers, type Scope } from '../../access.ts';
import { badField } from './schemas.ts';

type Units = Pick<ContentIndex, 'units'>;

/** The units an audience covers (undefined = the whole province), or an error naming the field. */
export type AudienceDecision =
  | { ok: true; units: string[] | undefined }
  | { ok: false; status: 400 | 403; field?: string; message: string };

/**
 * Decides whether an actor with `scope` may address `audience`: unknown names are a 400; an account
 * limited to some units must name them (an empty audience means the whole province: a 400 asking
 * for units rather than a silent narrowing); units outside the scope are a 403.
 */
export function decideAudience(scope: Scope, audience: Audience, content: Units): AudienceDecision {
  const resolved = resolveAudience(audience, content);
  if (!resolved.ok) return { ok: false, status: 400, field: resolved.field, message: resolved.message };
  if (!scope.all && resolved.units === undefined)
    return {
      ok: false,
      status: 400,
      field: 'audience.units',
      message: 'is required: this account sends only to its communes and wards',
    };
  if (!covers(scope, resolved.units)) return { ok: false, status: 403, message: 'outside the scope' };
  return { ok: true, units: resolved.units };
}

/** decideAudience for a request: answers 400/403 itself and returns undefined, or the units. */
export function audienceFor(
  req: FastifyRequest,
  reply: FastifyReply,
  audience: Audience,
  content: Units,
): { units: string[] | undefined } | undefined {
  const scope: Scope = req.actor?.scope ?? { all: false, units: new Set() };
  const d = decideAudience(scope, audience, content);
  if (d.ok) return { units: d.units };
  if (d.status === 400) {
    badField(reply, d.field ?? 'audience', d.message);
    return undefined;
  }
  // The 403 itself is access.ts's, so every scope refusal reads the same.
  const resolved = resolveAudience(audience, content);
  checkScope(req, reply, resolved.ok ? resolved.units : undefined);
  return undefined;
}

/**
 * True when a stored audience lies inside the actor's scope; one that no longer resolves (a unit
 * renamed since) counts as province-wide, visible only to province accounts.
 */
export function canSee(actor: Actor | undefined, audience: Audience, content: Units): boolean {
  if (!actor) return false;
  const resolved = resolveAudience(audience, content);
  return covers(actor.scope, resolved.ok ? resolved.units : undefined);
}
