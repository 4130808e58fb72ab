/**
 * POST /api/v1/broadcasts (create a draft, or send at once) and POST /api/v1/broadcasts/preview (the
 * dry-run count by channel and language, and the Zalo OA forecast) — both check the audience's names
 * against the units first, so a typo is a 400 and never a broadcast to nobody (or to everyone).
 */
import type { FastifyInstance } from 'fastify';
import { audienceCondition, resolveAudience } from '../../../bot/broadcast/audience.ts';
import { forecastZaloOa } from '../../../bot/broadcast/forecast.ts';
import { DEFAULT_LIMITS, type SendLimits } from '../../../bot/channels/zalo-oa/window.ts';
import { recordAudit } from '../../../db/queries/audit.ts';
import { audienceBreakdown, countAudience, createBroadcast } from '../../../db/queries/broadcasts.ts';
import type { AppDeps } from '../../app.ts';
import { ACTOR, inTransaction, nowOf } from './context.ts';
import { badField, createSchema, parseOr400, previewSchema } from './schemas.ts';

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
  app.post('/api/v1/broadcasts', async (req, reply) => {
    const body = parseOr400(createSchema, req.body, reply);
    if (!body) return reply;
    const resolved = resolveAudience(body.audience, deps.bot.content());
    if (!resolved.ok) return badField(reply, resolved.field, resolved.message);
    const now = nowOf(deps);
    const requested = body.sendAt ? new Date(body.sendAt) : null;
    // Sending with a time already past means now; a draft keeps what the officer typed.
    const sendAt = body.send && requested && requested <= now ? now : requested;
    const status = body.send ? ('scheduled' as const) : ('draft' as const);
    const created = await inTransaction(deps, async (db) => {
      const row = await createBroadcast(db, {
        message: body.message,
        media: body.media ?? null,
        audience: body.audience,
        sendAt,
        paid: body.paid,
        createdBy: ACTOR,
        status,
        approvedBy: body.send ? ACTOR : null,
        now,
      });
      if (!row) throw new Error('broadcast not created');
      const recipients = await countAudience(db, audienceCondition(body.audience, resolved.units));
      const target = `broadcast:${row.id}`;
      await recordAudit(db, {
        actor: ACTOR,
        action: 'broadcast.create',
        target,
        details: { recipients },
        at: now,
      });
      if (body.send) {
        const details = { recipients, sendAt: sendAt?.toISOString() ?? null };
        await recordAudit(db, { actor: ACTOR, action: 'broadcast.send', target, details, at: now });
      }
      return { id: row.id, status: row.status, recipients };
    });
    if (body.send) deps.wakeBroadcasts?.();
    return reply.code(201).send(created);
  });

  app.post('/api/v1/broadcasts/preview', async (req, reply) => {
    const body = parseOr400(previewSchema, req.body, reply);
    if (!body) return reply;
    const resolved = resolveAudience(body.audience, deps.bot.content());
    if (!resolved.ok) return badField(reply, resolved.field, resolved.message);
    const condition = audienceCondition(body.audience, resolved.units);
    const db = deps.bot.database.db;
    const breakdown = await audienceBreakdown(db, condition);
    const zaloOa = await forecastZaloOa(db, { condition, now: nowOf(deps), limits: zaloLimits(deps) });
    return { ...breakdown, zaloOa };
  });
}
