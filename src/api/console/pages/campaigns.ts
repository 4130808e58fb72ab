/**
 * The console's campaign calendar (/admin/campaigns?year=YYYY): reminders, the year's theme, the
 * year's occurrences and their approval, and the officer's chat link code. The page reads the same
 * rows as /api/v1/campaigns; its script changes them through that API.
 */
import type { FastifyPluginAsync } from 'fastify';
import { resolveAudience } from '../../../bot/broadcast/audience.ts';
import { localDate, occurrencesOfYear } from '../../../bot/broadcast/calendar.ts';
import { noticeText } from '../../../bot/broadcast/notices.ts';
import { loadCalendar } from '../../../content/campaigns.ts';
import {
  getSetting,
  listOccurrences,
  materialiseOccurrences,
  openNotices,
  type Theme,
  themeKey,
} from '../../../db/queries/campaigns.ts';
import { covers, hasRole } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { requireConsole } from '../../auth/console-guard.ts';
import { consoleLang, consoleT } from '../index.ts';
import { page } from '../layout.ts';
import { actorNames, sendPage } from './broadcasts/shared.ts';
import { calendarBody } from './campaigns/view.ts';

/** Years ahead whose calendar is materialised when opened (as the API does: officers plan ahead). */
const PLAN_YEARS = 2;

export const campaignsPage =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const db = () => deps.bot.database.db;
    const tz = deps.config.timezone;
    const clock = () => deps.bot.now?.() ?? new Date();
    app.addHook('preHandler', requireConsole(deps));

    app.get<{ Querystring: { year?: string } }>('/admin/campaigns', async (req, reply) => {
      const lang = consoleLang(req);
      const actor = req.actor as NonNullable<typeof req.actor>;
      const today = localDate(clock(), tz);
      const thisYear = Number(today.slice(0, 4));
      const year = /^\d{4}$/.test(req.query.year ?? '') ? Number(req.query.year) : thisYear;
      if (year >= thisYear && year <= thisYear + PLAN_YEARS) {
        const list = occurrencesOfYear(loadCalendar(), year, tz).filter((o) => o.date >= today);
        await materialiseOccurrences(db(), list, clock());
      }
      const occurrences = await listOccurrences(db(), year);
      const names = await actorNames(
        db(),
        occurrences.map((o) => o.approvedBy),
      );
      const officer = hasRole(actor, 'officer');
      const canActOn = (o: (typeof occurrences)[number]) => {
        const r = resolveAudience(o.audience, deps.bot.content());
        return officer && r.ok && covers(actor.scope, r.units);
      };
      const notices = (await openNotices(db())).map((n) => ({
        id: n.id,
        dueDate: n.dueDate,
        text: noticeText(deps.bot.i18n, lang, n),
      }));
      const t = consoleT(deps, lang, 'console-campaigns');
      const body = calendarBody({
        t,
        lang,
        timeZone: tz,
        year,
        occurrences,
        notices,
        theme: await getSetting<Theme>(db(), themeKey(year)),
        canActOn,
        names,
        canDismiss: officer && actor.scope.all,
        canTheme: hasRole(actor, 'admin'),
        canLink: officer,
      });
      const shell = { lang, t: consoleT(deps, lang), actor, current: 'campaigns' };
      const title = t('title', { year });
      return sendPage(
        reply,
        page({
          ...shell,
          title,
          body,
          scripts: ['campaigns.js'],
          styles: ['broadcasts.css', 'campaigns.css'],
        }),
      );
    });
  };
