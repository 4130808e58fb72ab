/** What every broadcasts route shares: the acting officer, the clock, ids, transactions, 404/409. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client.ts';
import type { Actor } from '../../access.ts';
import type { AppDeps } from '../../app.ts';

/** The authenticated actor (requireRole ran before every handler, so a missing one is a bug: 500). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new Error('route without requireRole');
  return req.actor;
}

/** The service's clock (tests fix it). */
export const nowOf = (deps: AppDeps): Date => deps.bot.now?.() ?? new Date();

/** A broadcast id from the URL, or undefined when it cannot be one (answered as not found). */
export function parseId(raw: string): number | undefined {
  return /^[1-9][0-9]{0,14}$/.test(raw) ? Number(raw) : undefined;
}

/** Runs fn in one transaction, so a change and its audit entry are written together or not at all. */
export function inTransaction<T>(deps: AppDeps, fn: (db: Db) => Promise<T>): Promise<T> {
  return deps.bot.database.db.transaction((tx) => fn(tx as unknown as Db));
}

/** 404 for an id with no broadcast. */
export function notFound(reply: FastifyReply, raw: string) {
  return reply.code(404).send({ error: 'not_found', message: `no broadcast ${raw.slice(0, 20)}` });
}

/** 409 for an action the broadcast's status does not allow. */
export function conflict(reply: FastifyReply, action: string, status: string) {
  return reply
    .code(409)
    .send({ error: 'conflict', message: `cannot ${action} a broadcast that is ${status}`, status });
}
