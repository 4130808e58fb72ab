/**
 * What every campaign route needs: the database and clock, a transaction that writes a change with
 * its audit entry, and the occurrence of :id when the caller's communes cover its audience.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveAudience } from '../../../bot/broadcast/audience.ts';
import type { Db } from '../../../db/client.ts';
import { recordAudit } from '../../../db/queries/audit.ts';
import { getOccurrence } from '../../../db/queries/campaigns.ts';
import type { OccurrenceRow } from '../../../db/schema/campaigns.ts';
import { checkScope } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { actorOf } from '../broadcasts/context.ts';
import { fail } from '../parse.ts';

/** The campaign routes' shared helpers, made once per app. */
export type CampaignContext = ReturnType<typeof campaignContext>;

/** Builds the helpers over the app's dependencies. */
export function campaignContext(deps: AppDeps) {
  const db = () => deps.bot.database.db;
  const clock = () => deps.bot.now?.() ?? new Date();
  const tx = <T>(fn: (t: Db) => Promise<T>) => db().transaction((t) => fn(t as unknown as Db));
  const audit = (
    t: Db,
    req: FastifyRequest,
    action: string,
    target: string,
    details: Record<string, unknown> = {},
  ) => recordAudit(t, { actor: actorOf(req).id, action, target, details, at: clock() });
  const idOf = (raw: string) => (/^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : undefined);

  /** The occurrence of :id, or a 404 already sent. */
  async function found(raw: string, reply: FastifyReply) {
    const id = idOf(raw);
    const row = id === undefined ? undefined : await getOccurrence(db(), id);
    if (!row) fail(reply, 404, 'not_found', `no occurrence ${raw.slice(0, 20)}`);
    return row;
  }
  /** Units of a stored occurrence's audience (undefined = province-wide, or no longer resolvable). */
  const unitsOf = (o: OccurrenceRow) => {
    const r = resolveAudience(o.audience, deps.bot.content());
    return r.ok ? r.units : undefined;
  };
  /** The occurrence of :id when the actor's scope covers its audience; else 404/403 already sent. */
  async function mine(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    const occ = await found(req.params.id, reply);
    return occ && checkScope(req, reply, unitsOf(occ)) ? occ : undefined;
  }

  return { deps, tz: deps.config.timezone, db, clock, tx, audit, idOf, unitsOf, mine };
}

/** An occurrence as the API answers it, times in ISO. */
export const occurrenceView = (o: OccurrenceRow) => ({
  ...o,
  dueAt: o.dueAt.toISOString(),
  approvedAt: o.approvedAt?.toISOString() ?? null,
  firedAt: o.firedAt?.toISOString() ?? null,
  remindedAt: o.remindedAt?.toISOString() ?? null,
  updatedAt: o.updatedAt.toISOString(),
});
