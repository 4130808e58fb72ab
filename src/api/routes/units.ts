/**
 * Communes and wards for officers, with the Telegram poster link and QR code of each: a commune
 * prints the code, and a resident who scans it starts the bot with her commune already known. An
 * officer limited to some communes sees only those (others answer 404).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { TelegramAdapter } from '../../bot/channels/telegram/adapter.ts';
import { unitSlug } from '../../bot/channels/telegram/links.ts';
import type { Unit } from '../../content/types.ts';
import { covers, requireRole } from '../access.ts';
import type { AppDeps } from '../app.ts';
import { describeRoute } from '../openapi-registry.ts';

describeRoute({
  method: 'GET',
  path: '/api/v1/units',
  summary: 'Communes and wards (those of the account) with their poster slugs',
  role: 'viewer',
});
for (const [suffix, what, produces] of [
  ['telegram-link', 'The poster link {unit, url} (https://t.me/<bot>?start=<slug>)', undefined],
  ['telegram-qr.svg', 'The poster QR code as SVG', 'image/svg+xml'],
  ['telegram-qr.png', 'The poster QR code as PNG (600 px)', 'image/png'],
] as const)
  describeRoute({
    method: 'GET',
    path: `/api/v1/units/:slug/${suffix}`,
    summary: what,
    description:
      '404 for a unit outside the account’s communes/wards; 503 until the Telegram bot has started.',
    role: 'viewer',
    produces,
  });

/** QR codes are printed on A4 posters: a margin of 2 modules and medium error correction. */
const QR_OPTIONS = { errorCorrectionLevel: 'M' as const, margin: 2 };

/** /api/v1/units, /api/v1/units/:slug/telegram-link, /api/v1/units/:slug/telegram-qr.svg|.png */
export const unitRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.addHook('preHandler', requireRole('viewer'));
    /** The units the actor may see. */
    const mine = (req: FastifyRequest): Unit[] =>
      deps.bot
        .content()
        .units.all()
        .filter((u) => req.actor !== undefined && covers(req.actor.scope, [u.name]));
    const bySlug = (req: FastifyRequest, slug: string): Unit | undefined =>
      mine(req).find((u) => unitSlug(u.name) === slug);
    const telegram = () => deps.channels.find((c): c is TelegramAdapter => c instanceof TelegramAdapter);

    /** The unit and its link, or an error already sent. */
    const linkOf = (req: FastifyRequest, slug: string, reply: FastifyReply) => {
      const unit = bySlug(req, slug);
      if (!unit) {
        reply
          .code(404)
          .send({ error: 'not_found', message: `no commune or ward with slug "${slug.slice(0, 64)}"` });
        return undefined;
      }
      const bot = telegram();
      const url = bot?.startLink(unit.name);
      if (!url) {
        const message = bot ? 'the Telegram bot has not started yet' : 'Telegram is not configured';
        reply.code(503).send({ error: 'telegram_unavailable', message });
        return undefined;
      }
      return { unit, url };
    };

    app.get('/api/v1/units', async (req) => ({
      units: mine(req).map((u) => ({
        name: u.name,
        kind: u.kind,
        formerDistrict: u.formerDistrict,
        slug: unitSlug(u.name),
      })),
    }));

    app.get<{ Params: { slug: string } }>('/api/v1/units/:slug/telegram-link', async (req, reply) => {
      const found = linkOf(req, req.params.slug, reply);
      return found ? { unit: found.unit.name, url: found.url } : reply;
    });

    app.get<{ Params: { slug: string } }>('/api/v1/units/:slug/telegram-qr.svg', async (req, reply) => {
      const found = linkOf(req, req.params.slug, reply);
      if (!found) return reply;
      const svg = await QRCode.toString(found.url, { ...QR_OPTIONS, type: 'svg' });
      return reply.type('image/svg+xml; charset=utf-8').send(svg);
    });

    app.get<{ Params: { slug: string } }>('/api/v1/units/:slug/telegram-qr.png', async (req, reply) => {
      const found = linkOf(req, req.params.slug, reply);
      if (!found) return reply;
      const png = await QRCode.toBuffer(found.url, { ...QR_OPTIONS, type: 'png', width: 600 });
      return reply.type('image/png').send(png);
    });
  };
