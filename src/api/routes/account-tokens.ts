/**
 * API tokens of an account (admins): list (never the token or its hash), create (the token is in
 * this one answer only), revoke. A revoked token, or one of a disabled account, is refused at once.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { insertApiToken, listApiTokens, revokeApiToken } from '../../db/queries/accounts.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import type { AccountRow } from '../../db/schema/accounts.ts';
import { type Actor, requireRole } from '../access.ts';
import type { AppDeps } from '../app.ts';
import { nowOf } from '../auth/sessions.ts';
import { newApiToken, sha256Hex } from '../auth/tokens.ts';
import { describeRoute } from '../openapi-registry.ts';

describeRoute({
  method: 'GET',
  path: '/api/v1/accounts/:id/tokens',
  summary: "An account's API tokens (never the token or its hash)",
  role: 'admin',
});
describeRoute({
  method: 'POST',
  path: '/api/v1/accounts/:id/tokens',
  summary: 'Create an API token acting as the account; the token is in this answer only',
  role: 'admin',
  body: z.object({ label: z.string().max(100).optional() }),
  response: z.object({ id: z.number(), label: z.string(), createdAt: z.string(), token: z.string() }),
  status: 201,
});
describeRoute({
  method: 'DELETE',
  path: '/api/v1/accounts/:id/tokens/:tokenId',
  summary: 'Revoke a token (refused at once); 404 when there is no such active token',
  role: 'admin',
  status: 204,
});

/** Creates an API token for an account (the caller shows the returned token once). */
export async function createApiToken(db: Db, accountId: number, label: string, now: Date) {
  const token = newApiToken();
  const row = await insertApiToken(db, { tokenHash: sha256Hex(token), accountId, label, now });
  if (!row) throw new Error('token not stored');
  return { id: row.id, label: row.label, createdAt: row.createdAt, token };
}

/** Registers GET/POST /api/v1/accounts/:id/tokens and DELETE /api/v1/accounts/:id/tokens/:tokenId. */
export function tokenRoutes(
  app: FastifyInstance,
  deps: AppDeps,
  load: (req: FastifyRequest, reply: FastifyReply) => Promise<AccountRow | undefined>,
) {
  const db = deps.bot.database.db;
  const tx = <T>(fn: (t: Db) => Promise<T>) => db.transaction((t) => fn(t as unknown as Db));
  const actor = (req: FastifyRequest) => req.actor as Actor;
  const admin = { preHandler: requireRole('admin') };
  const idOf = (raw: string) => (/^[1-9][0-9]{0,14}$/.test(raw) ? Number(raw) : undefined);

  app.get('/api/v1/accounts/:id/tokens', admin, async (req, reply) => {
    const row = await load(req, reply);
    return row ? { tokens: await listApiTokens(db, row.id) } : reply;
  });

  app.post('/api/v1/accounts/:id/tokens', admin, async (req, reply) => {
    const row = await load(req, reply);
    if (!row) return reply;
    const label = (req.body as { label?: unknown } | undefined)?.label ?? '';
    if (typeof label !== 'string' || label.length > 100)
      return reply.code(400).send({
        error: 'bad_request',
        field: 'label',
        message: 'label: must be text of at most 100 characters',
      });
    const now = nowOf(deps);
    const created = await tx(async (t) => {
      const c = await createApiToken(t, row.id, label, now);
      await recordAudit(t, {
        actor: actor(req).id,
        action: 'account.token.create',
        target: `account:${row.id}`,
        details: { tokenId: c.id, label },
        at: now,
      });
      return c;
    });
    return reply.code(201).send(created);
  });

  app.delete('/api/v1/accounts/:id/tokens/:tokenId', admin, async (req, reply) => {
    const row = await load(req, reply);
    if (!row) return reply;
    const tokenId = idOf((req.params as { tokenId: string }).tokenId);
    const now = nowOf(deps);
    const revoked =
      tokenId !== undefined &&
      (await tx(async (t) => {
        const ok = await revokeApiToken(t, row.id, tokenId, now);
        if (ok)
          await recordAudit(t, {
            actor: actor(req).id,
            action: 'account.token.revoke',
            target: `account:${row.id}`,
            details: { tokenId },
            at: now,
          });
        return ok;
      }));
    if (!revoked) return reply.code(404).send({ error: 'not_found', message: 'no such active token' });
    return reply.code(204).send();
  });
}
