/**
 * POST /api/v1/broadcasts (create a draft, or send at once) and POST /api/v1/broadcasts/preview (the
 * dry-run count by channel and language, and the Zalo OA forecast) — both check the audience's names
 * against the units and the officer's scope first, so a typo is a 400 and never a broadcast to
 * nobody (or to everyone), and no officer reaches or counts subscribers outside their communes.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audienceCondition } from '../../../bot/broadcast/audience.ts';
import { forecastZaloOa } from '../../../bot/broadcast/forecast.ts';
import { DEFAULT_LIMITS, type SendLimits } from '../../../bot/channels/zalo-oa/window.ts';
import { recordAudit } from '../../../db/queries/audit.ts';
import { audienceBreakdown, countAudience, createBroadcast } from '../../../db/queries/broadcasts.ts';
import { requireRole } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { describeRoute } from '../../openapi-registry.ts';
import { parseOr400 } from '../parse.ts';
import { actorOf, inTransaction, nowOf } from './context.ts';
import { AWAITING_APPROVAL, heldForApproval } from './four-eyes.ts';
import { createSchema, previewSchema } from './schemas.ts';
import { audienceFor } from './scope.ts';

const SCOPE_NOTE =
  'An account limited to some communes/wards must name units or former districts inside them (400 without, 403 outside).';

describeRoute({
  method: 'POST',
  path: '/api/v1/broadcasts',
  summary: 'Create a draft, or send at once with send: true',
  description: `${SCOPE_NOTE} Sent by an account to more units than FOUR_EYES_ABOVE_UNITS (or province-wide), it waits in awaiting_approval; the ADMIN_TOKEN is not held.`,
  role: 'officer',
  body: createSchema,
  status: 201,
  response: z.object({ id: z.number(), status: z.string(), recipients: z.number() }),
});
describeRoute({
  method: 'POST',
  path: '/api/v1/broadcasts/preview',
  summary: 'Dry-run count by channel, language and listening language, and the Zalo OA forecast',
  description: SCOPE_NOTE,
  role: 'viewer',
  body: previewSchema,
});

/** The Zalo OA limits in force: the configured ones, or the platform's defaults when OA is off. */
function zaloLimits(deps: AppDeps): SendLimits {
  const c = deps.config.zaloOa;
  return c
    ? {
        proactivePerMonth: c.proactivePerMonth,
        promotionPerDay: c.promotionPerDay,
        promotionPerMonth: c.promotionPerMonth,
      }
    : DEFAULT_LIMITS;
}

/** Registers the create and preview routes. */
export function createRoutes(app: FastifyInstance, deps: AppDeps) {
  app.post('/api/v1/broadcasts', { preHandler: requireRole('officer') }, async (req, reply) => {
    const body = parseOr400(createSchema, req.body, reply);
    if (!body) return reply;
    const allowed = audienceFor(req, reply, body.audience, deps.bot.content());
    if (!allowed) return reply;
    const actor = actorOf(req);
    const now = nowOf(deps);
    const requested = body.sendAt ? new Date(body.sendAt) : null;
    // Sending with a time already past means now; a draft keeps what the officer typed.
    const sendAt = body.send && requested && requested <= now ? now : requested;
    const held = body.send === true && heldForApproval(actor, allowed.units, deps.config.fourEyesAboveUnits);
    const status = held ? AWAITING_APPROVAL : body.send ? ('scheduled' as const) : ('draft' as const);
    const created = await inTransaction(deps, async (db) => {
      const row = await createBroadcast(db, {
        message: body.message,
        media: body.media ?? null,
        audience: body.audience,
        sendAt,
        paid: body.paid,
        createdBy: actor.id,
        status,
        approvedBy: status === 'scheduled' ? actor.id : null,
        now,
      });
      if (!row) throw new Error('broadcast not created');
      const recipients = await countAudience(db, audienceCondition(body.audience, allowed.units));
      const target = `broadcast:${row.id}`;
      await recordAudit(db, {
        actor: actor.id,
        action: 'broadcast.create',
        target,
        details: { recipients },
        at: now,
      });
      if (body.send) {
        const details = { recipients, sendAt: sendAt?.toISOString() ?? null, ...(held ? { held } : {}) };
        await recordAudit(db, { actor: actor.id, action: 'broadcast.send', target, details, at: now });
      }
      return { id: row.id, status: row.status as string, recipients };
    });
    if (status === 'scheduled') deps.wakeBroadcasts?.();
    return reply.code(201).send(created);
  });

  app.post('/api/v1/broadcasts/preview', { preHandler: requireRole('viewer') }, async (req, reply) => {
    const body = parseOr400(previewSchema, req.body, reply);
    if (!body) return reply;
    const allowed = audienceFor(req, reply, body.audience, deps.bot.content());
    if (!allowed) return reply;
    const condition = audienceCondition(body.audience, allowed.units);
    const db = deps.bot.database.db;
    const breakdown = await audienceBreakdown(db, condition);
    const zaloOa = await forecastZaloOa(db, { condition, now: nowOf(deps), limits: zaloLimits(deps) });
    return { ...breakdown, zaloOa };
  });
}
