/**
 * /api/v1/directory: officers list (with filters), read, create, change and delete directory
 * entries, import a CSV (preview with dryRun=true) and export one; the bot sees changes once its
 * content refreshes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { staleServices } from '../../../content/directory.ts';
import { loadSeedContent } from '../../../content/index.ts';
import { serviceKindSchema } from '../../../content/schemas.ts';
import { loadContent } from '../../../db/queries/content.ts';
import { requireRole } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { importCsv } from './directory-import.ts';
import { addressHidden, entryView, maySee, toCsv } from './directory-view.ts';
import { type Cells, removeEntry, writeEntry } from './directory-write.ts';
import { issues, nowOf, sendRefused } from './shared.ts';

export const filters = z.object({
  unit: z.string().trim().min(1).optional(),
  formerDistrict: z.string().trim().min(1).optional(),
  kind: serviceKindSchema.optional(),
  stale: z.enum(['true', 'false']).optional(),
});
export const cells = z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]));
const officer = { preHandler: requireRole('officer') };

type IdParams = { Params: { id: string } };

/** Registers the directory editor's routes on an app that already authenticated the actor. */
export function directoryRoutes(app: FastifyInstance, deps: AppDeps) {
  const shipped: ReadonlySet<string> = new Set(loadSeedContent().services.map((s) => s.id));
  const visible = async (req: FastifyRequest) => {
    const actor = req.actor as NonNullable<typeof req.actor>;
    const content = deps.bot.content();
    const { services } = await loadContent(deps.bot.database.db);
    return { actor, content, list: services.filter((s) => maySee(actor, s, content)) };
  };

  app.get('/api/v1/directory', async (req, reply) => {
    const f = filters.safeParse(req.query);
    if (!f.success) return reply.code(400).send({ error: 'bad_request', message: issues(f.error)[0] });
    const { actor, content, list } = await visible(req);
    const today = nowOf(deps);
    const stale = new Set(staleServices(list, today).map((s) => s.id));
    const q = f.data;
    const entries = list.filter(
      (s) =>
        (!q.unit || s.unit === q.unit) &&
        (!q.formerDistrict ||
          s.formerDistrict === q.formerDistrict ||
          content.units.get(s.unit ?? '')?.formerDistrict === q.formerDistrict) &&
        (!q.kind || s.kind === q.kind) &&
        (q.stale === undefined || stale.has(s.id) === (q.stale === 'true')),
    );
    return { entries: entries.map((s) => entryView(actor, s, { content, shipped, today })) };
  });

  app.get('/api/v1/directory/export.csv', async (req, reply) => {
    const { actor, list } = await visible(req);
    // The province's own entries: the file imports back unchanged (shipped ones change with import content).
    const own = list.filter((s) => !shipped.has(s.id));
    const csv = toCsv(own, (s) => addressHidden(actor, s));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="hoaban-directory.csv"')
      .send(csv);
  });

  app.post('/api/v1/directory/import', officer, async (req, reply) => {
    if (typeof req.body !== 'string' || !req.body.trim()) {
      return reply
        .code(400)
        .send({ error: 'bad_request', message: 'send the CSV file as the body (text/csv)' });
    }
    const dryRun = (req.query as { dryRun?: string }).dryRun === 'true';
    try {
      const actor = req.actor as NonNullable<typeof req.actor>;
      return await importCsv(deps, actor, req.body, { dryRun, shipped });
    } catch (err) {
      return sendRefused(reply, err);
    }
  });

  app.get<IdParams>('/api/v1/directory/:id', async (req, reply) => {
    const { actor, content, list } = await visible(req);
    const found = list.find((s) => s.id === req.params.id);
    if (!found) return reply.code(404).send({ error: 'not_found', message: 'no such directory entry' });
    return entryView(actor, found, { content, shipped, today: nowOf(deps) });
  });

  const write = (id: string | undefined) => async (req: FastifyRequest, reply: FastifyReply) => {
    const body = cells.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ error: 'bad_request', message: issues(body.error)[0] });
    try {
      const actor = req.actor as NonNullable<typeof req.actor>;
      const saved = await writeEntry(deps, actor, id, body.data as Cells, shipped);
      const view = entryView(actor, saved, { content: deps.bot.content(), shipped, today: nowOf(deps) });
      return reply.code(id ? 200 : 201).send(view);
    } catch (err) {
      return sendRefused(reply, err);
    }
  };
  app.post('/api/v1/directory', officer, write(undefined));
  app.put<IdParams>('/api/v1/directory/:id', officer, (req, reply) => write(req.params.id)(req, reply));
  app.delete<IdParams>('/api/v1/directory/:id', officer, async (req, reply) => {
    try {
      await removeEntry(deps, req.actor as NonNullable<typeof req.actor>, req.params.id, shipped);
      return reply.code(204).send();
    } catch (err) {
      return sendRefused(reply, err);
    }
  });
}
