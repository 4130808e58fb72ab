/** GET /api/v1/broadcasts/:id, GET /api/v1/broadcasts (newest first) and GET /api/v1/audit. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audienceCondition, resolveAudience } from '../../../bot/broadcast/audience.ts';
import { listAudit } from '../../../db/queries/audit.ts';
import {
  countAudience,
  deliveryCounts,
  deliveryCountsOf,
  deliveryReasons,
  getBroadcast,
  listBroadcasts,
} from '../../../db/queries/broadcasts.ts';
import type { BroadcastRow } from '../../../db/schema/broadcasts.ts';
import type { AppDeps } from '../../app.ts';
import { notFound, parseId } from './context.ts';
import { pageSchema, parseOr400 } from './schemas.ts';
import { broadcastView } from './view.ts';

const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** Registers the read routes. */
export function readRoutes(app: FastifyInstance, deps: AppDeps) {
  const db = () => deps.bot.database.db;

  /** Who it reaches: the dry-run count until the audience is expanded, then the rows created. */
  const recipientsOf = async (b: BroadcastRow): Promise<number | null> => {
    if (b.status !== 'draft' && b.status !== 'scheduled') return b.total;
    const resolved = resolveAudience(b.audience, deps.bot.content());
    return resolved.ok ? countAudience(db(), audienceCondition(b.audience, resolved.units)) : null;
  };

  app.get<{ Params: { id: string } }>('/api/v1/broadcasts/:id', async (req, reply) => {
    const id = parseId(req.params.id);
    const row = id === undefined ? undefined : await getBroadcast(db(), id);
    if (!row) return notFound(reply, req.params.id);
    const [counts, reasons, recipients] = await Promise.all([
      deliveryCounts(db(), row.id),
      deliveryReasons(db(), row.id),
      recipientsOf(row),
    ]);
    return { ...broadcastView(row, counts), recipients, total: row.total, reasons };
  });

  app.get('/api/v1/broadcasts', async (req, reply) => {
    const page = parseOr400(pageSchema, req.query, reply);
    if (!page) return reply;
    const rows = await listBroadcasts(db(), page);
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
    };
  });

  app.get('/api/v1/audit', async (req, reply) => {
    const q = parseOr400(auditQuery, req.query, reply);
    if (!q) return reply;
    const rows = await listAudit(db(), q.limit);
    return {
      entries: rows.map((e) => ({
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
