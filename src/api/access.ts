/**
 * Who may do what, in one place: every officers' route and console page asks here. An actor is an
 * authenticated person or script with a role (admin > officer > viewer) and a scope (the whole
 * province, or some communes/wards; former districts are expanded to their units when the actor is
 * resolved). Authentication (ADMIN_TOKEN, API tokens, console sessions) lives in src/api/auth/.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export type Role = 'admin' | 'officer' | 'viewer';
const RANK: Record<Role, number> = { viewer: 1, officer: 2, admin: 3 };

/** The units an actor may see and send to; `all` for province-level accounts. */
export type Scope = { all: true } | { all: false; units: ReadonlySet<string> };

export interface Actor {
  /** Stable id for the audit log: "user:<id>", "token:<id>" or "admin-token". */
  id: string;
  /** What the console shows (the account's login name); never a resident's data. */
  name: string;
  role: Role;
  scope: Scope;
  via: 'session' | 'token' | 'admin-token';
  /** The session's CSRF token (console sessions only). */
  csrf?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export const PROVINCE: Scope = { all: true };

/** True when the actor's role is at least `role`. */
export function hasRole(actor: Actor | undefined, role: Role): actor is Actor {
  return actor !== undefined && RANK[actor.role] >= RANK[role];
}

/**
 * True when everything `units` covers is inside the actor's scope; `undefined` means the whole
 * province (every subscriber, province-wide ones included), which only a province scope covers.
 */
export function covers(scope: Scope, units: readonly string[] | undefined): boolean {
  if (scope.all) return true;
  if (units === undefined || units.length === 0) return false;
  return units.every((u) => scope.units.has(u));
}

/** The units of a scope, or undefined for the whole province (for filtering lists and counts). */
export function scopeUnits(scope: Scope): string[] | undefined {
  return scope.all ? undefined : [...scope.units].sort();
}

/** A preHandler answering 401 without an actor and 403 below `role` (after authentication ran). */
export function requireRole(role: Role) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.actor) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'a valid bearer token or console session is required' });
    }
    if (!hasRole(req.actor, role)) {
      return reply.code(403).send({ error: 'forbidden', message: `this needs the ${role} role` });
    }
  };
}

/** Sends 403 and returns false when `units` reach outside the actor's scope. */
export function checkScope(
  req: FastifyRequest,
  reply: FastifyReply,
  units: readonly string[] | undefined,
): boolean {
  if (req.actor && covers(req.actor.scope, units)) return true;
  reply.code(403).send({ error: 'forbidden', message: 'outside the communes and wards of this account' });
  return false;
}
