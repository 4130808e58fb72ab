/**
 * The console's broadcasts pages: the list (/admin/broadcasts), the compose form (/new) and one
 * broadcast with its live progress (/:id). An officer sees only broadcasts whose audience lies
 * inside their communes and wards; the actions themselves are checked again by the API.
 */
import type { FastifyPluginAsync } from 'fastify';
import { audienceCondition, resolveAudience } from '../../../bot/broadcast/audience.ts';
import {
  countAudience,
  deliveryCounts,
  deliveryCountsOf,
  deliveryReasons,
  getBroadcast,
  listBroadcasts,
} from '../../../db/queries/broadcasts.ts';
import type { BroadcastRow } from '../../../db/schema/broadcasts.ts';
import { covers, hasRole } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { requireConsole } from '../../auth/console-guard.ts';
import { html } from '../html.ts';
import { consoleLang, consoleT } from '../index.ts';
import { page } from '../layout.ts';
import { composeBody } from './broadcasts/compose.ts';
import { detailBody } from './broadcasts/detail.ts';
import { listBody } from './broadcasts/list.ts';
import { actorNames, sendPage } from './broadcasts/shared.ts';

/** Broadcasts read for the list (newest first); older ones are in the reports. */
const LIST_LIMIT = 100;
const NS = 'console-broadcasts';

export const broadcastsPage =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const db = () => deps.bot.database.db;
    const tz = deps.config.timezone;
    /** The units a broadcast reaches (undefined: the whole province), for the scope check. */
    const unitsOf = (b: BroadcastRow) => {
      const r = resolveAudience(b.audience, deps.bot.content());
      return r.ok ? r.units : [];
    };
    const setup = (req: Parameters<typeof consoleLang>[0]) => {
      const lang = consoleLang(req);
      const nav = consoleT(deps, lang);
      const t = consoleT(deps, lang, NS);
      return { lang, t, shell: { lang, t: nav, actor: req.actor, current: 'broadcasts' } };
    };
    app.addHook('preHandler', requireConsole(deps));

    app.get('/admin/broadcasts', async (req, reply) => {
      const { lang, t, shell } = setup(req);
      const actor = req.actor as NonNullable<typeof req.actor>;
      const rows = (await listBroadcasts(db(), { limit: LIST_LIMIT, offset: 0 })).filter((b) =>
        covers(actor.scope, unitsOf(b)),
      );
      const counts = await deliveryCountsOf(
        db(),
        rows.map((r) => r.id),
      );
      const body = listBody({
        t,
        lang,
        timeZone: tz,
        rows: rows.map((row) => ({
          row,
          counts: counts.get(row.id) as NonNullable<ReturnType<typeof counts.get>>,
        })),
        canCreate: hasRole(actor, 'officer'),
      });
      return sendPage(
        reply,
        page({ ...shell, title: t('title'), body, scripts: [], styles: ['broadcasts.css'] }),
      );
    });

    app.get('/admin/broadcasts/new', { preHandler: requireConsole(deps, 'officer') }, async (req, reply) => {
      const { t, shell } = setup(req);
      const actor = req.actor as NonNullable<typeof req.actor>;
      const body = composeBody({ t, units: deps.bot.content().units.all(), scope: actor.scope });
      return sendPage(
        reply,
        page({
          ...shell,
          title: t('newTitle'),
          body,
          scripts: ['broadcasts.js'],
          styles: ['broadcasts.css'],
        }),
      );
    });

    app.get<{ Params: { id: string } }>('/admin/broadcasts/:id', async (req, reply) => {
      const { lang, t, shell } = setup(req);
      const actor = req.actor as NonNullable<typeof req.actor>;
      const id = /^[1-9][0-9]{0,14}$/.test(req.params.id) ? Number(req.params.id) : undefined;
      const row = id === undefined ? undefined : await getBroadcast(db(), id);
      if (!row || !covers(actor.scope, unitsOf(row))) {
        const body = page({ ...shell, title: t('title'), body: notFound(t, lang) });
        return sendPage(reply, body, 404);
      }
      const [counts, reasons] = await Promise.all([
        deliveryCounts(db(), row.id),
        deliveryReasons(db(), row.id),
      ]);
      const resolved = resolveAudience(row.audience, deps.bot.content());
      const recipients =
        row.status === 'draft' || row.status === 'scheduled' || row.status === ('awaiting_approval' as string)
          ? resolved.ok
            ? await countAudience(db(), audienceCondition(row.audience, resolved.units))
            : null
          : row.total;
      const names = await actorNames(db(), [row.createdBy, row.approvedBy]);
      const body = detailBody({ t, lang, timeZone: tz, actor, row, counts, reasons, recipients, names });
      const title = t('detail.title', { id: row.id });
      return sendPage(
        reply,
        page({ ...shell, title, body, scripts: ['broadcast-detail.js'], styles: ['broadcasts.css'] }),
      );
    });
  };

const notFound = (t: (k: string) => string, lang: string) =>
  html`<p><a href="/admin/broadcasts${lang === 'en' ? '?lang=en' : ''}">${t('detail.back')}</a></p>`;
