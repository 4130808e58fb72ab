/**
 * GET /api/v1/broadcasts/:id, GET /api/v1/broadcasts (newest first, optionally of one status) and
 * GET /api/v1/audit. An officer limited to some communes sees only broadcasts whose audience lies
 * inside them; the others answer 404 and are left out of the list, so their ids do not leak.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { audienceCondition, resolveAudience } from '../../../bot/broadcast/audience.ts';
import { listAudit } from '../../../db/queries/audit.ts';
import {
  broadcastAudiences,
  broadcastsByIds,
  countAudience,
  deliveryCounts,
  deliveryCountsOf,
  deliveryReasons,
  getBroadcast,
  listBroadcasts,
} from '../../../db/queries/broadcasts.ts';
import type { BroadcastRow } from '../../../db/schema/broadcasts.ts';
import { requireRole } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { describeRoute } from '../../openapi-registry.ts';
import { parseOr400 } from '../parse.ts';
import { actorOf, notFound, parseId } from './context.ts';
import { auditSchema, listSchema } from './schemas.ts';
import { canSee } from './scope.ts';
import { broadcastView } from './view.ts';

describeRoute({
  method: 'GET',
  path: '/api/v1/broadcasts/:id',
  summary: 'One broadcast: status, counts {total, pending, sent, failed, skipped, unknown}, reasons',
  description: 'A broadcast outside the account’s communes/wards is a 404.',
  role: 'viewer',
});
describeRoute({
  method: 'GET',
  path: '/api/v1/broadcasts',
  summary: 'Broadcasts newest first (limit, offset, status), only those inside the account’s scope',
  role: 'viewer',
  query: listSchema,
});
describeRoute({
  method: 'GET',
  path: '/api/v1/audit',
  summary: 'Who created, approved, sent, cancelled or retried what, newest first, by page (next)',
  role: 'admin',
  query: auditSchema,
});

/** Registers the read routes. */
export function readRoutes(app: FastifyInstance, deps: AppDeps) {
  const db = () => deps.bot.database.db;

  /** Who it reaches: the dry-run count until the audience is expanded, then the rows created. */
  const recipientsOf = async (b: BroadcastRow): Promise<number | null> => {
    if (b.status !== 'draft' && b.status !== 'scheduled' && (b.status as string) !== 'awaiting_approval')
      return b.total;
    const resolved = resolveAudience(b.audience, deps.bot.content());
    return resolved.ok ? countAudience(db(), audienceCondition(b.audience, resolved.units)) : null;
  };

  /** One page of the broadcasts the actor may see. */
  const pageFor = async (req: FastifyRequest, p: { limit: number; offset: number; status?: string }) => {
    const actor = actorOf(req);
    if (actor.scope.all) return listBroadcasts(db(), p);
    const content = deps.bot.content();
    const visible = (await broadcastAudiences(db(), p)).filter((b) => canSee(actor, b.audience, content));
    return broadcastsByIds(
      db(),
      visible.slice(p.offset, p.offset + p.limit).map((b) => b.id),
    );
  };

  app.get<{ Params: { id: string } }>(
    '/api/v1/broadcasts/:id',
    { preHandler: requireRole('viewer') },
    async (req, reply) => {
      const id = parseId(req.params.id);
      const row = id === undefined ? undefined : await getBroadcast(db(), id);
      if (!row || !canSee(req.actor, row.audience, deps.bot.content())) return notFound(reply, req.params.id);
      const [counts, reasons, recipients] = await Promise.all([
        deliveryCounts(db(), row.id),
        deliveryReasons(db(), row.id),
        recipientsOf(row),
      ]);
      return { ...broadcastView(row, counts), recipients, total: row.total, reasons };
    },
  );

  app.get('/api/v1/broadcasts', { preHandler: requireRole('viewer') }, async (req, reply) => {
    const page = parseOr400(listSchema, req.query, reply);
    if (!page) return reply;
    const rows = await pageFor(req, page);
    const counts = await deliveryCountsOf(
      db(),
      rows.map((r) => r.id),
    );
    return {
      broadcasts: rows.map((r) =>
        broadcastView(r, counts.get(r.id) as NonNullable<ReturnType<typeof counts.get>>),
      ),
      limit: page.limit,
      offset: page.offset,
      ...(page.status ? { status: page.status } : {}),
    };
  });

  app.get('/api/v1/audit', { preHandler: requireRole('admin') }, async (req, reply) => {
    const q = parseOr400(auditSchema, req.query, reply);
    if (!q) return reply;
    const { entries, next } = await listAudit(db(), q);
    return {
      ...(next === undefined ? {} : { next }),
      entries: entries.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actor: e.actor,
        action: e.action,
        target: e.target,
        details: e.details,
      })),
    };
  });
}
