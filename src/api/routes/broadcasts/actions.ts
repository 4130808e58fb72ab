/**
 * What officers do to a broadcast: send a draft, cancel, retry the failed. Each runs in one
 * transaction with the broadcast row locked and its audit entry, so two officers (or an officer and
 * the engine) never act on a stale status; a status that does not allow the action is a 409.
 */
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../../db/queries/audit.ts';
import {
  cancelBroadcast,
  lockBroadcast,
  retryDeliveries,
  scheduleBroadcast,
} from '../../../db/queries/broadcast-actions.ts';
import type { AppDeps } from '../../app.ts';
import { ACTOR, conflict, inTransaction, notFound, nowOf, parseId } from './context.ts';
import { parseOr400, retrySchema, sendSchema } from './schemas.ts';

type Params = { Params: { id: string } };
type Result<T> = { kind: 'ok'; body: T } | { kind: 'missing' } | { kind: 'conflict'; status: string };

/** Registers send, cancel and retry. */
export function actionRoutes(app: FastifyInstance, deps: AppDeps) {
  app.post<Params>('/api/v1/broadcasts/:id/send', async (req, reply) => {
    const body = parseOr400(sendSchema, req.body, reply);
    if (!body) return reply;
    const id = parseId(req.params.id);
    if (id === undefined) return notFound(reply, req.params.id);
    const now = nowOf(deps);
    const res: Result<object> = await inTransaction(deps, async (db) => {
      const b = await lockBroadcast(db, id);
      if (!b) return { kind: 'missing' };
      if (b.status !== 'draft') return { kind: 'conflict', status: b.status };
      const wanted = body.sendAt ? new Date(body.sendAt) : b.sendAt;
      const sendAt = wanted && wanted > now ? wanted : wanted ? now : null;
      await scheduleBroadcast(db, id, { sendAt, by: ACTOR, now });
      const details = { sendAt: sendAt?.toISOString() ?? null };
      await recordAudit(db, {
        actor: ACTOR,
        action: 'broadcast.send',
        target: `broadcast:${id}`,
        details,
        at: now,
      });
      return { kind: 'ok', body: { id, status: 'scheduled', sendAt: details.sendAt } };
    });
    if (res.kind === 'ok') deps.wakeBroadcasts?.();
    return answer(reply, res, req.params.id, 'send');
  });

  app.post<Params>('/api/v1/broadcasts/:id/cancel', async (req, reply) => {
    const id = parseId(req.params.id);
    if (id === undefined) return notFound(reply, req.params.id);
    const now = nowOf(deps);
    const res: Result<object> = await inTransaction(deps, async (db) => {
      const b = await lockBroadcast(db, id);
      if (!b) return { kind: 'missing' };
      if (b.status === 'done' || b.status === 'cancelled') return { kind: 'conflict', status: b.status };
      const skipped = await cancelBroadcast(db, id, { by: ACTOR, now });
      const details = { from: b.status, skipped };
      await recordAudit(db, {
        actor: ACTOR,
        action: 'broadcast.cancel',
        target: `broadcast:${id}`,
        details,
        at: now,
      });
      return { kind: 'ok', body: { id, status: 'cancelled', skipped } };
    });
    return answer(reply, res, req.params.id, 'cancel');
  });

  app.post<Params>('/api/v1/broadcasts/:id/retry', async (req, reply) => {
    const body = parseOr400(retrySchema, req.body, reply);
    if (!body) return reply;
    const id = parseId(req.params.id);
    if (id === undefined) return notFound(reply, req.params.id);
    const now = nowOf(deps);
    const res: Result<{ retried: number }> = await inTransaction(deps, async (db) => {
      const b = await lockBroadcast(db, id);
      if (!b) return { kind: 'missing' };
      // Only a broadcast whose audience was expanded has rows to retry; a cancelled one stays so.
      if (b.status !== 'sending' && b.status !== 'done') return { kind: 'conflict', status: b.status };
      const n = await retryDeliveries(db, id, { includeUnknown: body.includeUnknown, now });
      const retried = n.failed + n.unknown;
      if (retried > 0) {
        const details = { failed: n.failed, unknown: n.unknown, includeUnknown: body.includeUnknown };
        await recordAudit(db, {
          actor: ACTOR,
          action: 'broadcast.retry',
          target: `broadcast:${id}`,
          details,
          at: now,
        });
      }
      const status = retried > 0 ? 'sending' : b.status;
      return { kind: 'ok', body: { id, status, retried, failed: n.failed, unknown: n.unknown } };
    });
    if (res.kind === 'ok' && res.body.retried > 0) deps.wakeBroadcasts?.();
    return answer(reply, res, req.params.id, 'retry');
  });
}

function answer(reply: Parameters<typeof notFound>[0], res: Result<object>, rawId: string, action: string) {
  if (res.kind === 'missing') return notFound(reply, rawId);
  if (res.kind === 'conflict') return conflict(reply, action, res.status);
  return reply.send(res.body);
}
