/**
 * /api/v1/faq/nodes, /law-codes and /overdue: the FAQ tree as officers edit it, read from the
 * database (not the bot's index) so an edit shows at once; writes go through faq-write.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VERIFIED_ARTICLES } from '../../../content/check.ts';
import { PLAN_FIELDS } from '../../../content/schemas.ts';
import { type FaqNode, LAW_CODES } from '../../../content/types.ts';
import { loadContent } from '../../../db/queries/content.ts';
import type { AppDeps } from '../../app.ts';
import { faqBody } from './faq-body.ts';
import { ANSWER_MAX, monthsAfter, overdueNodes, TITLE_MAX } from './faq-rules.ts';
import { removeFaqNode, writeFaqNode } from './faq-write.ts';
import { issues, nowOf, requireFaqEditor, sendRefused } from './shared.ts';

type IdParams = { Params: { id: string } };

/** A node as the tree lists it: enough to draw the tree and flag reviews due. */
function summary(n: FaqNode, today: string) {
  return {
    id: n.id,
    parent: n.parent,
    order: n.order,
    title: n.title,
    field: n.field ?? null,
    hasAnswer: Boolean(n.answer),
    reviewed: n.reviewed,
    reviewBy: n.reviewBy,
    overdue: n.reviewBy < today,
  };
}

/** Registers the FAQ editor's routes on an app that already authenticated the actor. */
export function faqEditorRoutes(app: FastifyInstance, deps: AppDeps) {
  const today = () => nowOf(deps).toISOString().slice(0, 10);

  app.get('/api/v1/faq/nodes', async () => {
    const { faq } = await loadContent(deps.bot.database.db);
    const day = today();
    return { nodes: faq.map((n) => summary(n, day)) };
  });

  app.get('/api/v1/faq/law-codes', async () => ({
    codes: LAW_CODES.map((code) => ({ code, verifiedArticles: VERIFIED_ARTICLES[code] ?? [] })),
    fields: PLAN_FIELDS,
    limits: { answer: ANSWER_MAX, title: TITLE_MAX },
    defaultReviewBy: monthsAfter(nowOf(deps)),
  }));

  app.get('/api/v1/faq/overdue', async () => {
    const { faq } = await loadContent(deps.bot.database.db);
    const day = today();
    return { today: day, nodes: overdueNodes(faq, nowOf(deps)).map((n) => summary(n, day)) };
  });

  app.get<IdParams>('/api/v1/faq/nodes/:id', async (req, reply) => {
    const { faq } = await loadContent(deps.bot.database.db);
    const node = faq.find((n) => n.id === req.params.id);
    if (!node) return reply.code(404).send({ error: 'not_found', message: 'no such FAQ node' });
    return {
      ...node,
      answer: node.answer ?? null,
      field: node.field ?? null,
      children: faq.filter((n) => n.parent === node.id).length,
      overdue: node.reviewBy < today(),
    };
  });

  const write = (id: string | undefined) => async (req: FastifyRequest, reply: FastifyReply) => {
    const parsed = faqBody.safeParse(req.body);
    if (!parsed.success) {
      const errors = issues(parsed.error);
      return reply.code(400).send({ error: 'bad_request', message: errors[0], errors });
    }
    try {
      const done = await writeFaqNode(deps, req.actor as NonNullable<typeof req.actor>, id, parsed.data);
      return reply.code(id === undefined ? 201 : 200).send(done);
    } catch (err) {
      return sendRefused(reply, err);
    }
  };

  app.post('/api/v1/faq/nodes', { preHandler: requireFaqEditor }, write(undefined));
  app.put<IdParams>('/api/v1/faq/nodes/:id', { preHandler: requireFaqEditor }, (req, reply) =>
    write(req.params.id)(req, reply),
  );
  app.delete<IdParams>('/api/v1/faq/nodes/:id', { preHandler: requireFaqEditor }, async (req, reply) => {
    try {
      await removeFaqNode(deps, req.actor as NonNullable<typeof req.actor>, req.params.id);
      return reply.code(204).send();
    } catch (err) {
      return sendRefused(reply, err);
    }
  });
}
