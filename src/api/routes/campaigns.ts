/**
 * /api/v1/campaigns: the campaign calendar's occurrences (list, add, edit, approve, disable, enable),
 * the year's theme, officers' notices and one-time officer link codes. Everyone signed in reads the
 * calendar; officers change an occurrence only when its audience lies inside their communes (a
 * province-wide one needs a province account); admins set the theme. Every change is written with
 * its audit entry in one transaction. Bad input is a 400 naming the field.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { type ZodType, z } from 'zod';
import { resolveAudience } from '../../bot/broadcast/audience.ts';
import { localDate, localToInstant, occurrencesOfYear, renderMessage } from '../../bot/broadcast/calendar.ts';
import { noticeText } from '../../bot/broadcast/notices.ts';
import { loadCalendar, timeSchema } from '../../content/campaigns.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import { lastActorOf, personOf } from '../../db/queries/broadcast-actions.ts';
import {
  addCustomOccurrence,
  createOfficerLinkCode,
  dismissNotice,
  editOccurrence,
  getOccurrence,
  getSetting,
  listOccurrences,
  materialiseOccurrences,
  openNotices,
  setOccurrence,
  setSetting,
  type Theme,
  themeKey,
} from '../../db/queries/campaigns.ts';
import type { NoticeRow, OccurrenceRow, OccurrenceStatus } from '../../db/schema/campaigns.ts';
import { checkScope, requireRole } from '../access.ts';
import type { AppDeps } from '../app.ts';
import { authenticate } from '../auth/authenticate.ts';
import { describeRoute } from '../openapi-registry.ts';
import { actorOf } from './broadcasts/context.ts';
import { heldForApproval, isOwnRequest } from './broadcasts/four-eyes.ts';
import { audienceFor } from './broadcasts/scope.ts';

/** Years ahead the list materialises from the calendar when asked (officers plan ahead). */
const PLAN_YEARS = 2;

/** zod error text: "is required" when the field is absent, else what it must be. */
const must = (what: string) => (iss: { input: unknown }) =>
  iss.input === undefined ? 'is required' : `must be ${what}`;

const template = z
  .string({ error: must('a string') })
  .refine((s) => s.trim().length > 0, 'must not be blank')
  .refine((s) => [...s].length <= 2000, 'is over 2000 characters')
  .refine(
    (s) => [...s.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].every((m) => m[1] === 'theme'),
    'only {{theme}} may be used',
  );
const names = z.array(z.string({ error: 'must be a list of names' }).trim().min(1).max(200)).max(200);
const fields = {
  date: z
    .string({ error: must('a date YYYY-MM-DD') })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a day of the calendar'),
  time: timeSchema,
  message: z.strictObject(
    { vi: template, en: template.optional() },
    { error: 'must be an object {vi, en?}' },
  ),
  media: z.strictObject({
    kind: z.enum(['image', 'audio'], { error: 'must be image or audio' }),
    url: z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2000),
    lang: z.enum(['thai', 'hmong', 'vi'], { error: 'must be thai, hmong or vi' }).optional(),
  }),
  audience: z.strictObject({
    channels: names.optional(),
    units: names.optional(),
    formerDistricts: names.optional(),
    locales: names.optional(),
  }),
};
const createSchema = z.strictObject({
  date: fields.date,
  time: fields.time.default('08:00'),
  message: fields.message,
  media: fields.media.optional(),
  audience: fields.audience.default({}),
});
const patchSchema = z
  .strictObject({
    date: fields.date.optional(),
    time: fields.time.optional(),
    message: fields.message.optional(),
    media: fields.media.nullable().optional(),
    audience: fields.audience.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
const themeSchema = z.strictObject({
  vi: z
    .string({ error: must('a string') })
    .trim()
    .min(1, 'must not be blank')
    .max(300),
  en: z
    .string({ error: must('a string') })
    .trim()
    .min(1, 'must not be blank')
    .max(300)
    .optional(),
});

const SCOPE =
  'Officers limited to some communes/wards: 403 when the occurrence’s audience reaches outside them.';
const occ = (method: 'POST' | 'PATCH', suffix: string, summary: string, extra: object = {}) =>
  describeRoute({
    method,
    path: `/api/v1/campaigns/occurrences${suffix}`,
    summary,
    description: SCOPE,
    role: 'officer',
    ...extra,
  });
describeRoute({
  method: 'GET',
  path: '/api/v1/campaigns/occurrences',
  summary: 'The occurrences of a year with their state (pending, approved, disabled, fired, missed)',
  role: 'viewer',
  query: z.object({ year: z.string().regex(/^\d{4}$/) }),
});
occ('POST', '', 'Add an officer’s own occurrence, pending approval', { body: createSchema, status: 201 });
occ('PATCH', '/:id', 'Edit date, time, message, media or audience; an approved one goes back to pending', {
  body: patchSchema,
});
occ(
  'POST',
  '/:id/approve',
  'Approve (409 while the year’s theme is missing; 403 four_eyes for its last author)',
);
occ('POST', '/:id/disable', 'Disable: it will not be sent');
occ('POST', '/:id/enable', 'Enable a disabled occurrence again (pending)');
describeRoute({
  method: 'GET',
  path: '/api/v1/campaigns/themes/:year',
  summary: 'The year’s theme',
  role: 'viewer',
});
describeRoute({
  method: 'PUT',
  path: '/api/v1/campaigns/themes/:year',
  summary: 'Set the year’s theme {vi, en?}',
  role: 'admin',
  body: themeSchema,
});
describeRoute({
  method: 'GET',
  path: '/api/v1/notices',
  summary: 'Officers’ open reminders',
  role: 'viewer',
});
describeRoute({
  method: 'POST',
  path: '/api/v1/notices/:id/dismiss',
  summary: 'Dismiss a reminder for everyone (province accounts)',
  role: 'officer',
});
describeRoute({
  method: 'POST',
  path: '/api/v1/officer-link-codes',
  summary: 'A one-time code (24 h) an officer sends as /officer CODE from their own chat',
  role: 'officer',
  status: 201,
});

/** True when the input has nothing at this path (a missing field rather than a wrong one). */
function absent(input: unknown, path: PropertyKey[]): boolean {
  let v: unknown = input;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v === undefined;
}

/** Parses input or answers 400 naming the first wrong field; undefined means the reply is sent. */
function parse<T>(schema: ZodType<T>, input: unknown, reply: FastifyReply): T | undefined {
  const parsed = schema.safeParse(input ?? undefined);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys : undefined;
  const message = keys
    ? `${path ? `${path}.` : ''}${keys[0]}: unknown field`
    : `${path || 'body'}: ${absent(input, issue?.path ?? []) && path ? 'is required' : (issue?.message ?? 'invalid')}`;
  reply.code(400).send({ error: 'bad_request', message });
  return undefined;
}

const fail = (reply: FastifyReply, code: number, error: string, message: string) =>
  reply.code(code).send({ error, message });

const view = (o: OccurrenceRow) => ({
  ...o,
  dueAt: o.dueAt.toISOString(),
  approvedAt: o.approvedAt?.toISOString() ?? null,
  firedAt: o.firedAt?.toISOString() ?? null,
  remindedAt: o.remindedAt?.toISOString() ?? null,
  updatedAt: o.updatedAt.toISOString(),
});

/** The campaigns plugin (occurrences, themes, notices, officer link codes). */
export const campaignRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.addHook('preHandler', authenticate(deps));
    const viewer = { preHandler: requireRole('viewer') };
    const officer = { preHandler: requireRole('officer') };
    const admin = { preHandler: requireRole('admin') };
    const tz = deps.config.timezone;
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

    app.get<{ Querystring: { year?: string } }>(
      '/api/v1/campaigns/occurrences',
      viewer,
      async (req, reply) => {
        const year = Number(req.query.year);
        if (!/^\d{4}$/.test(req.query.year ?? ''))
          return fail(reply, 400, 'bad_request', 'year: must be YYYY');
        const today = localDate(clock(), tz);
        const thisYear = Number(today.slice(0, 4));
        if (year >= thisYear && year <= thisYear + PLAN_YEARS) {
          const list = occurrencesOfYear(loadCalendar(), year, tz).filter((o) => o.date >= today);
          await materialiseOccurrences(db(), list, clock());
        }
        return { year, occurrences: (await listOccurrences(db(), year)).map(view) };
      },
    );

    app.post('/api/v1/campaigns/occurrences', officer, async (req, reply) => {
      const body = parse(createSchema, req.body, reply);
      if (!body || !audienceFor(req, reply, body.audience, deps.bot.content())) return reply;
      if (body.date < localDate(clock(), tz))
        return fail(reply, 400, 'bad_request', 'date: must be today or later');
      const dueAt = localToInstant(body.date, body.time, tz);
      const row = await tx(async (t) => {
        const r = await addCustomOccurrence(t, { ...body, dueAt, by: actorOf(req).id, now: clock() });
        await audit(t, req, 'occurrence.create', `occurrence:${r.id}`, { date: r.date, time: r.time });
        return r;
      });
      return reply.code(201).send(view(row));
    });

    app.patch<{ Params: { id: string } }>(
      '/api/v1/campaigns/occurrences/:id',
      officer,
      async (req, reply) => {
        const occ = await mine(req, reply);
        if (!occ) return reply;
        const patch = parse(patchSchema, req.body, reply);
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
        return view(row);
      },
    );

    /** approve / disable / enable: a status move with its audit entry, or 409 naming the status. */
    const move = (
      action: 'approve' | 'disable' | 'enable',
      from: OccurrenceStatus[],
      to: OccurrenceStatus,
      check?: (
        o: OccurrenceRow,
        req: FastifyRequest,
      ) => Promise<{ code?: number; error: string; message: string } | undefined>,
    ) =>
      app.post<{ Params: { id: string } }>(
        `/api/v1/campaigns/occurrences/:id/${action}`,
        officer,
        async (req, reply) => {
          const occ = await mine(req, reply);
          if (!occ) return reply;
          if (occ.status === to) return view(occ);
          if (!from.includes(occ.status))
            return fail(reply, 409, 'conflict', `cannot ${action} an occurrence that is ${occ.status}`);
          const refused = await check?.(occ, req);
          if (refused) return fail(reply, refused.code ?? 409, refused.error, refused.message);
          const by = actorOf(req).id;
          const approved =
            to === 'approved'
              ? { approvedBy: by, approvedAt: clock() }
              : { approvedBy: null, approvedAt: null };
          const row = await tx(async (t) => {
            const r = await setOccurrence(t, occ.id, from, {
              status: to,
              ...approved,
              updatedBy: by,
              updatedAt: clock(),
            });
            if (r) await audit(t, req, `occurrence.${action}`, `occurrence:${occ.id}`, { key: occ.key });
            return r;
          });
          if (!row) return fail(reply, 409, 'conflict', 'the occurrence changed meanwhile; reload it');
          return view(row);
        },
      );

    move('approve', ['pending'], 'approved', async (occ, req) => {
      if (occ.date < localDate(clock(), tz)) return { error: 'conflict', message: 'its day has passed' };
      // Four eyes: whoever last wrote an officer's occurrence to many units cannot also approve it.
      const actor = actorOf(req);
      if (heldForApproval(actor, unitsOf(occ), deps.config.fourEyesAboveUnits)) {
        const author = await lastActorOf(db(), `occurrence:${occ.id}`, [
          'occurrence.create',
          'occurrence.edit',
        ]);
        const people = author ? [await personOf(db(), author)] : [];
        if (isOwnRequest(await personOf(db(), actor.id), people))
          return {
            code: 403,
            error: 'four_eyes',
            message: 'an occurrence must be approved by someone other than who last wrote it',
          };
      }
      const year = Number(occ.date.slice(0, 4));
      const { missing } = renderMessage(occ.message, await getSetting<Theme>(db(), themeKey(year)));
      if (missing.length === 0) return undefined;
      const [locale] = missing;
      return {
        error: 'theme_missing',
        message: `message.${locale} uses {{theme}} but ${themeKey(year)} has no ${locale} text: set it with PUT /api/v1/campaigns/themes/${year}`,
      };
    });
    move('disable', ['pending', 'approved'], 'disabled');
    move('enable', ['disabled'], 'pending');

    const yearOf = (raw: string, reply: FastifyReply) => {
      if (/^\d{4}$/.test(raw)) return Number(raw);
      fail(reply, 400, 'bad_request', 'year: must be YYYY');
      return undefined;
    };

    app.get<{ Params: { year: string } }>('/api/v1/campaigns/themes/:year', viewer, async (req, reply) => {
      const year = yearOf(req.params.year, reply);
      if (year === undefined) return reply;
      return { year, theme: (await getSetting<Theme>(db(), themeKey(year))) ?? null };
    });

    app.put<{ Params: { year: string } }>('/api/v1/campaigns/themes/:year', admin, async (req, reply) => {
      const year = yearOf(req.params.year, reply);
      const theme = year === undefined ? undefined : parse(themeSchema, req.body, reply);
      if (year === undefined || !theme) return reply;
      await tx(async (t) => {
        await setSetting(t, themeKey(year), theme, actorOf(req).id, clock());
        await audit(t, req, 'setting.update', `setting:${themeKey(year)}`);
      });
      return { year, theme };
    });

    const noticeView = (n: NoticeRow) => ({
      ...n,
      createdAt: n.createdAt.toISOString(),
      sentAt: n.sentAt?.toISOString() ?? null,
      dismissedAt: n.dismissedAt?.toISOString() ?? null,
      text: { vi: noticeText(deps.bot.i18n, 'vi', n), en: noticeText(deps.bot.i18n, 'en', n) },
    });

    app.get('/api/v1/notices', viewer, async () => ({ notices: (await openNotices(db())).map(noticeView) }));

    app.post<{ Params: { id: string } }>('/api/v1/notices/:id/dismiss', officer, async (req, reply) => {
      // A notice is the province's: dismissing it hides it for everyone, so it takes a province account.
      if (!checkScope(req, reply, undefined)) return reply;
      const id = idOf(req.params.id);
      const row =
        id === undefined
          ? undefined
          : await tx(async (t) => {
              const r = await dismissNotice(t, id, clock());
              if (r) await audit(t, req, 'notice.dismiss', `notice:${id}`, { kind: r.kind });
              return r;
            });
      if (!row) return fail(reply, 404, 'not_found', `no notice ${req.params.id.slice(0, 20)}`);
      return noticeView(row);
    });

    app.post('/api/v1/officer-link-codes', officer, async (req, reply) => {
      const made = await tx(async (t) => {
        const c = await createOfficerLinkCode(t, actorOf(req).id, clock());
        await audit(t, req, 'officer_code.create', 'officer_code', { expiresAt: c.expiresAt.toISOString() });
        return c;
      });
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ code: made.code, expiresAt: made.expiresAt.toISOString() });
    });
  };
