/**
 * /api/v1/me (any actor: who am I, what may I do) and the accounts API for admins: list, create,
 * change role, scope, password, disable or unlock; API tokens are in ./account-tokens.ts. Every
 * change is audited in its transaction, never with a password.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import {
  accountById,
  deleteSessionsOf,
  insertAccount,
  listAccounts,
  otherActiveAdmins,
  revokeApiTokensOf,
  unlockLogins,
  updateAccount,
} from '../../db/queries/accounts.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import type { AccountRow } from '../../db/schema/accounts.ts';
import { type Actor, requireRole, scopeUnits } from '../access.ts';
import type { AppDeps } from '../app.ts';
import {
  accountViews,
  createAccountSchema,
  patchAccountSchema,
  resolveAccountScope,
} from '../auth/account-rules.ts';
import { hashPassword } from '../auth/passwords.ts';
import { nowOf } from '../auth/sessions.ts';
import { describeRoute } from '../openapi-registry.ts';
import { tokenRoutes } from './account-tokens.ts';

const bad = (reply: FastifyReply, field: string, message: string) =>
  reply.code(400).send({ error: 'bad_request', field, message: `${field}: ${message}` });

function parse<T extends z.ZodType>(schema: T, body: unknown, reply: FastifyReply): z.infer<T> | undefined {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  bad(reply, issue?.path.map(String).join('.') || 'body', issue?.message ?? 'invalid');
  return undefined;
}

const idOf = (raw: string) => (/^[1-9][0-9]{0,14}$/.test(raw) ? Number(raw) : undefined);

const ACCOUNT_NOTE =
  'An officer or viewer is limited to its units plus every unit of its former districts; empty lists mean the whole province, which must be asked for with province: true. An admin is always province-wide. The response never carries a password or its hash.';
describeRoute({
  method: 'GET',
  path: '/api/v1/me',
  summary: 'Who is calling: name, role, how authenticated, and the communes and wards in scope',
  role: 'viewer',
  response: z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'officer', 'viewer']),
    via: z.enum(['session', 'token', 'admin-token']),
    province: z.boolean(),
    units: z.array(z.string()),
  }),
});
describeRoute({ method: 'GET', path: '/api/v1/accounts', summary: 'Every account', role: 'admin' });
describeRoute({ method: 'GET', path: '/api/v1/accounts/:id', summary: 'One account', role: 'admin' });
describeRoute({
  method: 'POST',
  path: '/api/v1/accounts',
  summary: 'Create an account (409 when the user name is taken)',
  description: ACCOUNT_NOTE,
  role: 'admin',
  body: createAccountSchema,
  status: 201,
});
describeRoute({
  method: 'PATCH',
  path: '/api/v1/accounts/:id',
  summary: 'Change role, scope or password, disable or enable, unlock after failed logins',
  description: `${ACCOUNT_NOTE} A new password or disabling ends the account's console sessions. A new password also revokes the account's API tokens unless keepTokens: true comes with it (the answer's tokensRevoked says how many); keepTokens without a password is a 400. 409 for a change that would leave no active admin.`,
  role: 'admin',
  body: patchAccountSchema,
});

export const accountsRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const db = deps.bot.database.db;
    const tx = <T>(fn: (t: Db) => Promise<T>) => db.transaction((t) => fn(t as unknown as Db));
    const actor = (req: FastifyRequest) => req.actor as Actor;
    const admin = { preHandler: requireRole('admin') };
    const load = async (req: FastifyRequest, reply: FastifyReply): Promise<AccountRow | undefined> => {
      const id = idOf((req.params as { id: string }).id);
      const row = id === undefined ? undefined : await accountById(db, id);
      if (!row) reply.code(404).send({ error: 'not_found', message: 'no such account' });
      return row;
    };

    app.get('/api/v1/me', { preHandler: requireRole('viewer') }, async (req) => {
      const a = actor(req);
      const units = scopeUnits(a.scope);
      return {
        id: a.id,
        name: a.name,
        role: a.role,
        via: a.via,
        province: units === undefined,
        units: units ?? [],
      };
    });

    app.get('/api/v1/accounts', admin, async () => {
      const now = nowOf(deps);
      return { accounts: await accountViews(db, await listAccounts(db), now) };
    });

    app.get('/api/v1/accounts/:id', admin, async (req, reply) => {
      const row = await load(req, reply);
      return row ? (await accountViews(db, [row], nowOf(deps)))[0] : reply;
    });

    app.post('/api/v1/accounts', admin, async (req, reply) => {
      const body = parse(createAccountSchema, req.body, reply);
      if (!body) return reply;
      const scope = resolveAccountScope(body, deps.bot.content());
      if (!scope.ok) return bad(reply, scope.field, scope.message);
      const now = nowOf(deps);
      const passwordHash = await hashPassword(body.password);
      const row = await tx(async (t) => {
        const r = await insertAccount(t, { ...body, ...scope, passwordHash }, now);
        if (r) {
          const details = {
            username: r.username,
            role: r.role,
            units: r.units,
            formerDistricts: r.formerDistricts,
          };
          await recordAudit(t, {
            actor: actor(req).id,
            action: 'account.create',
            target: `account:${r.id}`,
            details,
            at: now,
          });
        }
        return r;
      });
      if (!row)
        return reply
          .code(409)
          .send({ error: 'conflict', message: `the user name "${body.username}" is taken` });
      return reply.code(201).send((await accountViews(db, [row], now))[0]);
    });

    app.patch('/api/v1/accounts/:id', admin, async (req, reply) => {
      const row = await load(req, reply);
      if (!row) return reply;
      const body = parse(patchAccountSchema, req.body, reply);
      if (!body) return reply;
      if (body.keepTokens !== undefined && !body.password)
        return bad(reply, 'keepTokens', 'only with a new password');
      const now = nowOf(deps);
      const role = body.role ?? row.role;
      const scopeChanged = body.role !== undefined || body.units || body.formerDistricts || body.province;
      const set: Partial<AccountRow> = {};
      if (scopeChanged) {
        const keepProvince =
          row.units.length + row.formerDistricts.length === 0 && !body.units && !body.formerDistricts;
        const scope = resolveAccountScope(
          {
            role,
            units: body.units ?? (body.province || role === 'admin' ? [] : row.units),
            formerDistricts:
              body.formerDistricts ?? (body.province || role === 'admin' ? [] : row.formerDistricts),
            province: body.province ?? keepProvince,
          },
          deps.bot.content(),
        );
        if (!scope.ok) return bad(reply, scope.field, scope.message);
        Object.assign(set, { role, units: scope.units, formerDistricts: scope.formerDistricts });
      }
      if (body.disabled !== undefined) set.disabledAt = body.disabled ? (row.disabledAt ?? now) : null;
      if (body.unlock) Object.assign(set, { failedLogins: 0, lockedUntil: null });
      if (body.password)
        Object.assign(set, { passwordHash: await hashPassword(body.password), passwordChangedAt: now });
      const losesAdmin = row.role === 'admin' && !row.disabledAt && (role !== 'admin' || set.disabledAt);
      const updated = await tx(async (t) => {
        if (losesAdmin && (await otherActiveAdmins(t, row.id)) === 0) return 'last-admin' as const;
        const r = Object.keys(set).length ? await updateAccount(t, row.id, set) : row;
        // A disabled account or a new password ends every console session of the account.
        if (set.disabledAt || body.password) await deleteSessionsOf(t, row.id);
        // An unlock ends the lock of every client too, not only the account's.
        if (body.unlock) await unlockLogins(t, row.id);
        // A new password (a lost or leaked one, usually) also revokes its API tokens unless kept on purpose.
        const tokensRevoked =
          body.password && !body.keepTokens ? await revokeApiTokensOf(t, row.id, now) : undefined;
        const details = {
          changed: Object.keys(body)
            .filter((k) => k !== 'keepTokens')
            .sort(),
          ...(scopeChanged ? { role, units: set.units, formerDistricts: set.formerDistricts } : {}),
          ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
          ...(body.password
            ? { tokensRevoked: tokensRevoked ?? 0, tokensKept: body.keepTokens === true }
            : {}),
        };
        await recordAudit(t, {
          actor: actor(req).id,
          action: 'account.update',
          target: `account:${row.id}`,
          details,
          at: now,
        });
        return { account: r, tokensRevoked };
      });
      if (updated === 'last-admin')
        return reply.code(409).send({ error: 'conflict', message: 'this is the last active admin account' });
      const [view] = await accountViews(db, [updated.account ?? row], now);
      return body.password ? { ...view, tokensRevoked: updated.tokensRevoked ?? 0 } : view;
    });

    tokenRoutes(app, deps, load);
  };
