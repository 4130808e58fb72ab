/**
 * What the content editors' routes share: who may edit what (composed from ../../access.ts), the
 * clock, one transaction per change with its audit entry, and the 400 that lists every problem.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { lockContentEdits } from '../../../db/queries/content.ts';
import { type Actor, hasRole } from '../../access.ts';
import type { AppDeps } from '../../app.ts';

/** The service's clock (tests fix it). */
export const nowOf = (deps: AppDeps): Date => deps.bot.now?.() ?? new Date();

/**
 * The FAQ is one tree for the whole province, so only admins and province-level officers edit it;
 * officers of communes or former districts and viewers read it.
 */
export function mayEditFaq(actor: Actor | undefined): boolean {
  if (!hasRole(actor, 'officer')) return false;
  return actor.role === 'admin' || actor.scope.all;
}

/** A preHandler answering 403 unless the actor may edit the FAQ (after requireRole('viewer')). */
export async function requireFaqEditor(req: FastifyRequest, reply: FastifyReply) {
  if (!mayEditFaq(req.actor)) {
    return reply
      .code(403)
      .send({ error: 'forbidden', message: 'the FAQ is edited by admins and province-level officers' });
  }
}

/**
 * Runs one edit in a transaction that holds the content-edit lock, so the check sees the content the
 * edit replaces and the change and its audit entry are written together or not at all.
 */
export function editContent<T>(deps: AppDeps, fn: (db: Db) => Promise<T>): Promise<T> {
  return deps.bot.database.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockContentEdits(db);
    return fn(db);
  });
}

/** Thrown inside an edit's transaction to roll it back and answer with these problems. */
export class Refused extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
    readonly warnings: string[] = [],
  ) {
    super(errors[0] ?? 'refused');
  }
}

/** The `error` code of a refusal by its status; any other status is a content problem. */
const REFUSED_ERRORS: Record<number, string> = { 403: 'forbidden', 404: 'not_found', 409: 'conflict' };

/** Sends a Refused (or rethrows anything else). */
export function sendRefused(reply: FastifyReply, err: unknown) {
  if (!(err instanceof Refused)) throw err;
  const error = REFUSED_ERRORS[err.status] ?? 'invalid_content';
  return reply
    .code(err.status)
    .send({ error, message: err.message, errors: err.errors, warnings: err.warnings });
}

/** zod issues as "path: message" lines. */
export function issues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`);
}
