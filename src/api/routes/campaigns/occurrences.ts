/**
 * The campaign calendar's occurrences: list a year (materialising the calendar for the years officers
 * plan ahead), add an officer's own, edit, approve (four eyes; the year's theme must exist when the
 * text uses it), disable and enable. Officers change an occurrence only inside their communes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  localDate,
  localToInstant,
  occurrencesOfYear,
  renderMessage,
} from '../../../bot/broadcast/calendar.ts';
import { loadCalendar } from '../../../content/campaigns.ts';
import type { Db } from '../../../db/client.ts';
import {
  addCustomOccurrence,
  editOccurrence,
  getOccurrence,
  getSetting,
  listOccurrences,
  materialiseOccurrences,
  setOccurrence,
  type Theme,
  themeKey,
} from '../../../db/queries/campaigns.ts';
import type { OccurrenceRow, OccurrenceStatus } from '../../../db/schema/campaigns.ts';
import { requireRole } from '../../access.ts';
import { actorOf } from '../broadcasts/context.ts';
import { heldForApproval, wroteIt } from '../broadcasts/four-eyes.ts';
import { audienceFor } from '../broadcasts/scope.ts';
import { fail, parseOr400 } from '../parse.ts';
import { type CampaignContext, occurrenceView } from './context.ts';
import { createSchema, patchSchema } from './schemas.ts';

/** Years ahead the list materialises from the calendar when asked (officers plan ahead). */
const PLAN_YEARS = 2;

/** Registers the occurrence routes. */
export function occurrenceRoutes(app: FastifyInstance, c: CampaignContext) {
  const { deps, tz, db, clock, tx, audit, unitsOf, mine } = c;
  const viewer = { preHandler: requireRole('viewer') };
  const officer = { preHandler: requireRole('officer') };

  app.get<{ Querystring: { year?: string } }>('/api/v1/campaigns/occurrences', viewer, async (req, reply) => {
    const year = Number(req.query.year);
    if (!/^\d{4}$/.test(req.query.year ?? '')) return fail(reply, 400, 'bad_request', 'year: must be YYYY');
    const today = localDate(clock(), tz);
    const thisYear = Number(today.slice(0, 4));
    if (year >= thisYear && year <= thisYear + PLAN_YEARS) {
      const list = occurrencesOfYear(loadCalendar(), year, tz).filter((o) => o.date >= today);
      await materialiseOccurrences(db(), list, clock());
    }
    return { year, occurrences: (await listOccurrences(db(), year)).map(occurrenceView) };
  });

  app.post('/api/v1/campaigns/occurrences', officer, async (req, reply) => {
    const body = parseOr400(createSchema, req.body, reply);
    if (!body || !audienceFor(req, reply, body.audience, deps.bot.content())) return reply;
    if (body.date < localDate(clock(), tz))
      return fail(reply, 400, 'bad_request', 'date: must be today or later');
    const dueAt = localToInstant(body.date, body.time, tz);
    const row = await tx(async (t) => {
      const r = await addCustomOccurrence(t, { ...body, dueAt, by: actorOf(req).id, now: clock() });
      await audit(t, req, 'occurrence.create', `occurrence:${r.id}`, { date: r.date, time: r.time });
      return r;
    });
    return reply.code(201).send(occurrenceView(row));
  });

  app.patch<{ Params: { id: string } }>('/api/v1/campaigns/occurrences/:id', officer, async (req, reply) => {
    const occ = await mine(req, reply);
    if (!occ) return reply;
    const patch = parseOr400(patchSchema, req.body, reply);
    if (!patch || (patch.audience && !audienceFor(req, reply, patch.audience, deps.bot.content())))
      return reply;
    if (!['pending', 'approved', 'disabled'].includes(occ.status))
      return fail(reply, 409, 'conflict', `cannot edit an occurrence that is ${occ.status}`);
    const date = patch.date ?? occ.date;
    const time = patch.time ?? occ.time;
    if (patch.date && date < localDate(clock(), tz))
      return fail(reply, 400, 'bad_request', 'date: must be today or later');
    const row = await tx(async (t) => {
      const r = await editOccurrence(
        t,
        occ.id,
        { ...patch, date, time, dueAt: localToInstant(date, time, tz) },
        actorOf(req).id,
        clock(),
      );
      if (r)
        await audit(t, req, 'occurrence.edit', `occurrence:${occ.id}`, {
          fields: Object.keys(patch),
          was: occ.status,
        });
      return r;
    });
    if (!row) return fail(reply, 409, 'conflict', 'the occurrence changed meanwhile; reload it');
    return occurrenceView(row);
  });

  type Refusal = { code?: number; error: string; message: string };
  /**
   * approve / disable / enable: a status move with its audit entry, or 409 naming the status. The
   * row is locked while `check` looks at it, so what was checked is what moves.
   */
  const move = (
    action: 'approve' | 'disable' | 'enable',
    from: OccurrenceStatus[],
    to: OccurrenceStatus,
    check?: (o: OccurrenceRow, req: FastifyRequest, t: Db) => Promise<Refusal | undefined>,
  ) =>
    app.post<{ Params: { id: string } }>(
      `/api/v1/campaigns/occurrences/:id/${action}`,
      officer,
      async (req, reply) => {
        const occ = await mine(req, reply);
        if (!occ) return reply;
        if (occ.status === to) return occurrenceView(occ);
        if (!from.includes(occ.status))
          return fail(reply, 409, 'conflict', `cannot ${action} an occurrence that is ${occ.status}`);
        const by = actorOf(req).id;
        const approved =
          to === 'approved'
            ? { approvedBy: by, approvedAt: clock(), writers: [] }
            : { approvedBy: null, approvedAt: null };
        const res = await tx(async (t): Promise<OccurrenceRow | Refusal | undefined> => {
          const locked = await getOccurrence(t, occ.id, true);
          // Changed since the scope check read it: the caller reloads rather than acting on another text.
          if (!locked || locked.updatedAt.getTime() !== occ.updatedAt.getTime()) return undefined;
          const refused = await check?.(locked, req, t);
          if (refused) return refused;
          const r = await setOccurrence(t, occ.id, from, {
            status: to,
            ...approved,
            updatedBy: by,
            updatedAt: clock(),
          });
          if (r) await audit(t, req, `occurrence.${action}`, `occurrence:${occ.id}`, { key: occ.key });
          return r;
        });
        if (!res) return fail(reply, 409, 'conflict', 'the occurrence changed meanwhile; reload it');
        if ('error' in res) return fail(reply, res.code ?? 409, res.error, res.message);
        return occurrenceView(res);
      },
    );

  move('approve', ['pending'], 'approved', async (occ, req, t) => {
    if (occ.date < localDate(clock(), tz)) return { error: 'conflict', message: 'its day has passed' };
    // Four eyes: nobody who wrote an occurrence to many units since its last approval may approve it.
    const actor = actorOf(req);
    if (
      heldForApproval(actor, unitsOf(occ), deps.config.fourEyesAboveUnits) &&
      (await wroteIt(t, actor.id, occ.writers))
    )
      return {
        code: 403,
        error: 'four_eyes',
        message: 'an occurrence must be approved by someone who has not written it since its last approval',
      };
    const year = Number(occ.date.slice(0, 4));
    const { missing } = renderMessage(occ.message, await getSetting<Theme>(t, themeKey(year)));
    if (missing.length === 0) return undefined;
    const [locale] = missing;
    return {
      error: 'theme_missing',
      message: `message.${locale} uses {{theme}} but ${themeKey(year)} has no ${locale} text: set it with PUT /api/v1/campaigns/themes/${year}`,
    };
  });
  move('disable', ['pending', 'approved'], 'disabled');
  move('enable', ['disabled'], 'pending');
}
