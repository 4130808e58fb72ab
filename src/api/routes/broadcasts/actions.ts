/**
 * What officers do to a broadcast: send a draft, cancel, retry the failed. Each runs in one
 * transaction with the broadcast row locked and its audit entry, so two officers (or an officer and
 * the engine) never act on a stale status; a status that does not allow the action is a 409, and a
 * broadcast outside the officer's communes is a 404. A send that needs four eyes waits for approval.
 */
import type { FastifyInstance } from 'fastify';
import { resolveAudience } from '../../../bot/broadcast/audience.ts';
import { recordAudit } from '../../../db/queries/audit.ts';
import {
  cancelBroadcast,
  holdBroadcast,
  lockBroadcast,
  retryDeliveries,
  scheduleBroadcast,
} from '../../../db/queries/broadcast-actions.ts';
import { requireRole } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { describeRoute } from '../../openapi-registry.ts';
import { parseOr400 } from '../parse.ts';
import { actorOf, conflict, inTransaction, notFound, nowOf, parseId } from './context.ts';
import { AWAITING_APPROVAL, heldForApproval } from './four-eyes.ts';
import { retrySchema, sendSchema } from './schemas.ts';
import { canSee } from './scope.ts';

type Params = { Params: { id: string } };
type Result<T> = { kind: 'ok'; body: T } | { kind: 'missing' } | { kind: 'conflict'; status: string };

const NOTE =
  '404 for a broadcast outside the account’s communes/wards; 409 when its status does not allow it.';
describeRoute({
  method: 'POST',
  path: '/api/v1/broadcasts/:id/send',
  summary: 'Send a draft (scheduled, or awaiting_approval when it needs a second person)',
  description: NOTE,
  role: 'officer',
  body: sendSchema,
});
describeRoute({
  method: 'POST',
  path: '/api/v1/broadcasts/:id/cancel',
  summary: 'Cancel: pending deliveries are skipped as "cancelled"',
  description: NOTE,
  role: 'officer',
});
describeRoute({
  method: 'POST',
  path: '/api/v1/broadcasts/:id/retry',
  summary: 'Retry failures that may pass; unknown ones only with includeUnknown',
  description: NOTE,
  role: 'officer',
  body: retrySchema,
});

/** Registers send, cancel and retry. */
export function actionRoutes(app: FastifyInstance, deps: AppDeps) {
  const officer = { preHandler: requireRole('officer') };

  app.post<Params>('/api/v1/broadcasts/:id/send', officer, async (req, reply) => {
    const body = parseOr400(sendSchema, req.body, reply);
    if (!body) return reply;
    const id = parseId(req.params.id);
    if (id === undefined) return notFound(reply, req.params.id);
    const actor = actorOf(req);
    const now = nowOf(deps);
    const res: Result<{ id: number; status: string; sendAt: string | null }> = await inTransaction(
      deps,
      async (db) => {
        const b = await lockBroadcast(db, id);
        if (!b || !canSee(actor, b.audience, deps.bot.content())) return { kind: 'missing' };
        if (b.status !== 'draft') return { kind: 'conflict', status: b.status };
        const wanted = body.sendAt ? new Date(body.sendAt) : b.sendAt;
        const sendAt = wanted && wanted > now ? wanted : wanted ? now : null;
        const resolved = resolveAudience(b.audience, deps.bot.content());
        const held = heldForApproval(
          actor,
          resolved.ok ? resolved.units : undefined,
          deps.config.fourEyesAboveUnits,
        );
        if (held) await holdBroadcast(db, id, { sendAt });
        else await scheduleBroadcast(db, id, { sendAt, by: actor.id, now });
        const details = { sendAt: sendAt?.toISOString() ?? null, ...(held ? { held } : {}) };
        await recordAudit(db, {
          actor: actor.id,
          action: 'broadcast.send',
          target: `broadcast:${id}`,
          details,
          at: now,
        });
        const status = held ? AWAITING_APPROVAL : 'scheduled';
        return { kind: 'ok', body: { id, status, sendAt: details.sendAt } };
      },
    );
    if (res.kind === 'ok' && res.body.status === 'scheduled') deps.wakeBroadcasts?.();
    return answer(reply, res, req.params.id, 'send');
  });

  app.post<Params>('/api/v1/broadcasts/:id/cancel', officer, async (req, reply) => {
    const id = parseId(req.params.id);
    if (id === undefined) return notFound(reply, req.params.id);
    const actor = actorOf(req);
    const now = nowOf(deps);
    const res: Result<object> = await inTransaction(deps, async (db) => {
      const b = await lockBroadcast(db, id);
      if (!b || !canSee(actor, b.audience, deps.bot.content())) return { kind: 'missing' };
      if (b.status === 'done' || b.status === 'cancelled') return { kind: 'conflict', status: b.status };
      const skipped = await cancelBroadcast(db, id, { by: actor.id, now });
      const details = { from: b.status, skipped };
      await recordAudit(db, {
        actor: actor.id,
        action: 'broadcast.cancel',
        target: `broadcast:${id}`,
        details,
        at: now,
      });
      return { kind: 'ok', body: { id, status: 'cancelled', skipped } };
    });
    return answer(reply, res, req.params.id, 'cancel');
  });

  app.post<Params>('/api/v1/broadcasts/:id/retry', officer, async (req, reply) => {
    const body = parseOr400(retrySchema, req.body, reply);
    if (!body) return reply;
    const id = parseId(req.params.id);
    if (id === undefined) return notFound(reply, req.params.id);
    const actor = actorOf(req);
    const now = nowOf(deps);
    const res: Result<{ retried: number }> = await inTransaction(deps, async (db) => {
      const b = await lockBroadcast(db, id);
      if (!b || !canSee(actor, b.audience, deps.bot.content())) return { kind: 'missing' };
      // Only a broadcast whose audience was expanded has rows to retry; a cancelled one stays so.
      if (b.status !== 'sending' && b.status !== 'done') return { kind: 'conflict', status: b.status };
      const n = await retryDeliveries(db, id, { includeUnknown: body.includeUnknown, now });
      const retried = n.failed + n.unknown;
      if (retried > 0) {
        const details = { failed: n.failed, unknown: n.unknown, includeUnknown: body.includeUnknown };
        await recordAudit(db, {
          actor: actor.id,
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

/** Sends the result: 404, 409 or the body. */
export function answer(
  reply: Parameters<typeof notFound>[0],
  res: Result<object>,
  rawId: string,
  action: string,
) {
  if (res.kind === 'missing') return notFound(reply, rawId);
  if (res.kind === 'conflict') return conflict(reply, action, res.status);
  return reply.send(res.body);
}
