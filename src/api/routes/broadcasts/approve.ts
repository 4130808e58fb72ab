/**
 * POST /api/v1/broadcasts/:id/approve: the second pair of eyes. A broadcast awaiting approval is
 * scheduled when an officer or admin other than the one who wrote or sent it approves it, and whose
 * communes cover its audience (a province-wide one needs a province account); the same person gets
 * 403 four_eyes. Nothing in a broadcast can be edited once sent, so what was approved is what goes.
 */
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../../db/queries/audit.ts';
import { lastActorOf, lockBroadcast, scheduleBroadcast } from '../../../db/queries/broadcast-actions.ts';
import { requireRole } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { describeRoute } from '../../openapi-registry.ts';
import { answer } from './actions.ts';
import { actorOf, inTransaction, notFound, nowOf, parseId } from './context.ts';
import { AWAITING_APPROVAL, wroteIt } from './four-eyes.ts';
import { canSee } from './scope.ts';

describeRoute({
  method: 'POST',
  path: '/api/v1/broadcasts/:id/approve',
  summary: 'Approve a broadcast awaiting approval: it is scheduled',
  description:
    '403 four_eyes for the one who created or sent it; 404 outside the account’s communes/wards (a province-wide broadcast needs a province account); 409 unless awaiting_approval.',
  role: 'officer',
});

type Outcome =
  | { kind: 'ok'; body: { id: number; status: 'scheduled'; sendAt: string | null; approvedBy: string } }
  | { kind: 'missing' }
  | { kind: 'conflict'; status: string }
  | { kind: 'own' };

/** Registers the approve route. */
export function approveRoutes(app: FastifyInstance, deps: AppDeps) {
  app.post<{ Params: { id: string } }>(
    '/api/v1/broadcasts/:id/approve',
    { preHandler: requireRole('officer') },
    async (req, reply) => {
      const id = parseId(req.params.id);
      if (id === undefined) return notFound(reply, req.params.id);
      const actor = actorOf(req);
      const now = nowOf(deps);
      const res: Outcome = await inTransaction(deps, async (db) => {
        const b = await lockBroadcast(db, id);
        if (!b || !canSee(actor, b.audience, deps.bot.content())) return { kind: 'missing' };
        if ((b.status as string) !== AWAITING_APPROVAL) return { kind: 'conflict', status: b.status };
        // Nothing in a broadcast changes after it is created: its writers are who created and who sent it.
        const sender = await lastActorOf(db, `broadcast:${id}`, ['broadcast.send']);
        if (await wroteIt(db, actor.id, [b.createdBy, sender])) return { kind: 'own' };
        // A time that passed while it waited means now, as for a send.
        const sendAt = b.sendAt && b.sendAt > now ? b.sendAt : b.sendAt ? now : null;
        await scheduleBroadcast(db, id, { sendAt, by: actor.id, now });
        const details = { sendAt: sendAt?.toISOString() ?? null };
        await recordAudit(db, {
          actor: actor.id,
          action: 'broadcast.approve',
          target: `broadcast:${id}`,
          details,
          at: now,
        });
        return {
          kind: 'ok',
          body: { id, status: 'scheduled', sendAt: details.sendAt, approvedBy: actor.id },
        };
      });
      if (res.kind === 'own')
        return reply.code(403).send({
          error: 'four_eyes',
          message: 'a broadcast must be approved by someone other than who wrote or sent it',
        });
      if (res.kind === 'ok') deps.wakeBroadcasts?.();
      return answer(reply, res, req.params.id, 'approve');
    },
  );
}
