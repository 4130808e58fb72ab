/** Public FAQ search: the same object as `hoaban ask --json`, rate-limited per client. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ask } from '../../bot/ask.ts';
import type { AppDeps } from '../app.ts';

const query = z.object({
  q: z.string({ error: 'q is required' }).trim().min(1, 'q is required').max(500, 'q is over 500 characters'),
  lang: z.enum(['vi', 'en'], { error: 'lang must be vi or en' }).default('vi'),
  limit: z.coerce
    .number({ error: 'limit must be 1-5' })
    .int()
    .min(1, 'limit must be 1-5')
    .max(5, 'limit must be 1-5')
    .default(3),
});

/** GET /api/v1/faq/search?q=…&lang=vi&limit=3 */
export const faqRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/api/v1/faq/search',
      { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } },
      async (req, reply) => {
        const parsed = query.safeParse(req.query);
        if (!parsed.success) {
          return reply.code(400).send({ error: 'bad_request', message: parsed.error.issues[0]?.message });
        }
        const { q, lang, limit } = parsed.data;
        const { result } = ask(
          { content: deps.bot.content(), i18n: deps.bot.i18n, officerContact: deps.bot.officerContact },
          q,
          { locale: lang, limit, now: deps.bot.now?.() },
        );
        return result;
      },
    );
  };
