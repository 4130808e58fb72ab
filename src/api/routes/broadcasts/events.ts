/**
 * GET /api/v1/broadcasts/:id/events: the console's progress bar as Server-Sent Events. `progress`
 * with the counts on connect and whenever they change (read every PROGRESS_POLL_MS), `end` once the
 * broadcast is done or cancelled, then the stream closes. A comment line every HEARTBEAT_MS keeps
 * proxies from timing the connection out; polling stops when the client goes away or the app closes.
 * Every poll first asks again who the stream's credentials stand for: a logged-out, expired or
 * revoked credential, a disabled account, or a scope that no longer covers the broadcast closes the
 * stream at that poll. One account (its sessions and API tokens together) holds at most
 * STREAMS_PER_ACCOUNT streams in this process; one more is a 429.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { deliveryCounts, getBroadcast } from '../../../db/queries/broadcasts.ts';
import { requireRole } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { currentActor } from '../../auth/recheck.ts';
import { describeRoute } from '../../openapi-registry.ts';
import { notFound, parseId } from './context.ts';
import { canSee } from './scope.ts';
import { isFinal, publicCounts } from './view.ts';

describeRoute({
  method: 'GET',
  path: '/api/v1/broadcasts/:id/events',
  summary: 'Server-Sent Events: progress (counts) on connect and on change, end when done or cancelled',
  description:
    'A heartbeat comment every 15 s; 404 outside the account’s communes/wards. The stream closes when the session or token stops being valid, the account is disabled or its communes/wards no longer cover the broadcast; 429 too_many_streams beyond 5 open streams per account.',
  role: 'viewer',
  produces: 'text/event-stream',
});

/** How often the counts are read for one stream (two cheap queries; not faster than this). */
export const PROGRESS_POLL_MS = 500;
/** A comment line this often keeps idle proxies and load balancers from closing the stream. */
export const HEARTBEAT_MS = 15_000;

/** Streams one account may have open at once in this process (each one polls the database). */
export const STREAMS_PER_ACCOUNT = 5;

/** Streams open in this process (each one polls); the tests check that a closed one stops. */
const open = new Set<() => void>();
/** Open streams per person ("account:<id>", "admin-token"). */
const perPerson = new Map<string, number>();

/** How many progress streams are polling now. */
export const openEventStreams = (): number => open.size;

/** Registers the progress stream and ends every open stream before the server closes. */
export function eventRoutes(app: FastifyInstance, deps: AppDeps) {
  const mine = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const stop of [...mine]) stop();
  });

  const viewer = { preHandler: requireRole('viewer') };
  app.get<{ Params: { id: string } }>('/api/v1/broadcasts/:id/events', viewer, async (req, reply) => {
    const id = parseId(req.params.id);
    const first = id === undefined ? undefined : await getBroadcast(deps.bot.database.db, id);
    const who = await currentActor(deps, req);
    if (!first || id === undefined || !who || !canSee(who.actor, first.audience, deps.bot.content()))
      return notFound(reply, req.params.id);
    // Counted here and taken below with no await in between: parallel requests cannot all slip under.
    const held = perPerson.get(who.person) ?? 0;
    if (held >= STREAMS_PER_ACCOUNT)
      return reply.code(429).send({
        error: 'too_many_streams',
        message: `at most ${STREAMS_PER_ACCOUNT} progress streams may be open at once per account; close one first`,
      });
    reply.hijack();
    const res: ServerResponse = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();

    let timer: NodeJS.Timeout | undefined;
    let last = '';
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const stop = () => {
      if (!open.delete(stop)) return;
      const left = (perPerson.get(who.person) ?? 1) - 1;
      if (left > 0) perPerson.set(who.person, left);
      else perPerson.delete(who.person);
      mine.delete(stop);
      clearTimeout(timer);
      clearInterval(heartbeat);
      if (!res.writableEnded) res.end();
    };
    perPerson.set(who.person, held + 1);
    open.add(stop);
    mine.add(stop);
    res.on('close', stop);

    const tick = async () => {
      try {
        const db = deps.bot.database.db;
        // Still someone who may watch it: else the stream ends at this poll, without a last event.
        const still = await currentActor(deps, req);
        if (!open.has(stop)) return;
        if (!still) return stop();
        const b = await getBroadcast(db, id);
        if (!open.has(stop)) return;
        if (!b || !canSee(still.actor, b.audience, deps.bot.content())) return stop();
        const data = JSON.stringify({
          id,
          status: b.status,
          counts: publicCounts(await deliveryCounts(db, id)),
        });
        if (!open.has(stop)) return;
        if (data !== last) res.write(`event: progress\ndata: ${data}\n\n`);
        last = data;
        if (isFinal(b.status)) {
          res.write(`event: end\ndata: ${data}\n\n`);
          return stop();
        }
        timer = setTimeout(tick, PROGRESS_POLL_MS);
      } catch (err) {
        req.log.warn({ err: { type: (err as Error).name } }, 'progress stream failed');
        stop();
      }
    };
    await tick();
  });
}
