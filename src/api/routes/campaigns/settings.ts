/**
 * The year's theme (admins set it; approval waits for it when a text uses {{theme}}), officers'
 * notices (read, dismiss for everyone with a province account) and one-time officer link codes.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { noticeText } from '../../../bot/broadcast/notices.ts';
import {
  createOfficerLinkCode,
  dismissNotice,
  getSetting,
  openNotices,
  setSetting,
  type Theme,
  themeKey,
} from '../../../db/queries/campaigns.ts';
import type { NoticeRow } from '../../../db/schema/campaigns.ts';
import { checkScope, requireRole } from '../../access.ts';
import { actorOf } from '../broadcasts/context.ts';
import { fail, parseOr400 } from '../parse.ts';
import type { CampaignContext } from './context.ts';
import { themeSchema } from './schemas.ts';

/** Registers the theme, notice and officer link code routes. */
export function settingRoutes(app: FastifyInstance, c: CampaignContext) {
  const { deps, db, clock, tx, audit, idOf } = c;
  const viewer = { preHandler: requireRole('viewer') };
  const officer = { preHandler: requireRole('officer') };
  const admin = { preHandler: requireRole('admin') };

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
    const theme = year === undefined ? undefined : parseOr400(themeSchema, req.body, reply);
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
}
