/**
 * /api/v1/unanswered: the questions the FAQ could not answer (kept 30 days, names and numbers masked,
 * no chat id) of the reader's communes/wards (questions from chats that chose none: province-wide
 * accounts only), and "answer this", which creates a FAQ node and removes the question in the same
 * transaction (FAQ editors are province-wide, so they see every question).
 */
import type { FastifyInstance } from 'fastify';
import { deleteUnanswered, listUnanswered } from '../../../db/queries/content.ts';
import { type Actor, scopeUnits } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { faqBody } from './faq-body.ts';
import { writeFaqNode } from './faq-write.ts';
import { issues, nowOf, Refused, requireFaqEditor, sendRefused } from './shared.ts';

/** How long questions are kept (service.ts RETENTION.unansweredDays); older ones are not listed. */
const KEPT_DAYS = 30;

/** Registers the unanswered questions' routes on an app that already authenticated the actor. */
export function unansweredRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get('/api/v1/unanswered', async (req) => {
    const since = new Date(nowOf(deps).getTime() - KEPT_DAYS * 24 * 3600 * 1000);
    const scope = scopeUnits((req.actor as Actor).scope);
    return { questions: await listUnanswered(deps.bot.database.db, since, scope) };
  });

  app.post<{ Params: { id: string } }>(
    '/api/v1/unanswered/:id/answer',
    { preHandler: requireFaqEditor },
    async (req, reply) => {
      const id = /^[1-9]\d{0,15}$/.test(req.params.id) ? Number(req.params.id) : undefined;
      if (id === undefined) return reply.code(404).send({ error: 'not_found', message: 'no such question' });
      const parsed = faqBody.safeParse(req.body);
      if (!parsed.success) {
        const errors = issues(parsed.error);
        return reply.code(400).send({ error: 'bad_request', message: errors[0], errors });
      }
      try {
        const done = await writeFaqNode(
          deps,
          req.actor as NonNullable<typeof req.actor>,
          undefined,
          parsed.data,
          async (db) => {
            if (!(await deleteUnanswered(db, id)))
              throw new Refused(404, ['no such question (already answered?)']);
          },
        );
        return reply.code(201).send(done);
      } catch (err) {
        return sendRefused(reply, err);
      }
    },
  );
}
