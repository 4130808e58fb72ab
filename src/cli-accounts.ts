/**
 * `hoaban token create` and `hoaban account create`: API tokens for scripts (printed once, stored as
 * a hash) and console accounts made from the shell, e.g. before the console is reachable.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createAccountSchema, resolveAccountScope } from './api/auth/account-rules.ts';
import { hashPassword } from './api/auth/passwords.ts';
import { createApiToken } from './api/routes/account-tokens.ts';
import { buildContentIndex } from './content/index.ts';
import type { Database } from './db/client.ts';
import { accountByUsername, insertAccount } from './db/queries/accounts.ts';
import { recordAudit } from './db/queries/audit.ts';
import type { ContentData } from './db/queries/content.ts';

export const TOKEN_HELP = `Usage: hoaban token create --user USERNAME [--label TEXT]

Creates an API token acting as the account USERNAME (its role and communes) and prints it once on
standard output; only its hash is stored. Scripts send it as "Authorization: Bearer <token>".
Revoke it in the console or with DELETE /api/v1/accounts/:id/tokens/:tokenId.`;

export const ACCOUNT_HELP = `Usage: hoaban account create --user USERNAME --role admin|officer|viewer
         [--units "A,B"] [--former-districts "D,E"] [--province]

Creates a console account. The password (at least 10 characters) is read from the first line of
standard input, so it never appears in the shell history. An officer or viewer needs --units,
--former-districts (their communes and wards) or --province; an admin is always province-wide.`;

type WithDatabase = <T>(fn: (p: { database: Database; content: ContentData }) => Promise<T>) => Promise<T>;

const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

/** `hoaban token create`. */
export async function cmdToken(args: string[], withDatabase: WithDatabase, usage: (m: string) => Error) {
  const { values, positionals } = parseArgs({
    args,
    options: { user: { type: 'string' }, label: { type: 'string', default: '' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) return void process.stdout.write(`${TOKEN_HELP}\n`);
  if (positionals.join(' ') !== 'create' || !values.user)
    throw usage('usage: hoaban token create --user USERNAME [--label TEXT]');
  if (values.label.length > 100) throw usage('--label: at most 100 characters');
  const username = values.user.trim().toLowerCase();
  await withDatabase(async ({ database }) => {
    const account = await accountByUsername(database.db, username);
    if (!account) throw usage(`no account named "${username}"`);
    if (account.disabledAt) throw usage(`the account "${username}" is disabled`);
    const now = new Date();
    const made = await database.db.transaction(async (t) => {
      const c = await createApiToken(t as never, account.id, values.label, now);
      await recordAudit(t as never, {
        actor: 'cli',
        action: 'account.token.create',
        target: `account:${account.id}`,
        details: { tokenId: c.id, label: values.label },
        at: now,
      });
      return c;
    });
    process.stderr.write(`API token ${made.id} for ${username}: shown once, keep it now.\n`);
    process.stdout.write(`${made.token}\n`);
  });
}

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) return line;
  return '';
}

/** `hoaban account create`. */
export async function cmdAccount(args: string[], withDatabase: WithDatabase, usage: (m: string) => Error) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      user: { type: 'string' },
      role: { type: 'string' },
      units: { type: 'string' },
      'former-districts': { type: 'string' },
      province: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help) return void process.stdout.write(`${ACCOUNT_HELP}\n`);
  if (positionals.join(' ') !== 'create')
    throw usage('usage: hoaban account create --user USERNAME --role ROLE');
  const parsed = createAccountSchema.safeParse({
    username: values.user,
    role: values.role,
    password: await firstLine(),
    units: list(values.units),
    formerDistricts: list(values['former-districts']),
    province: values.province,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'input');
    throw usage(`${field === 'username' ? 'user' : field}: ${issue?.message ?? 'invalid'}`);
  }
  const body = parsed.data;
  await withDatabase(async ({ database, content }) => {
    const scope = resolveAccountScope(body, buildContentIndex(content));
    if (!scope.ok) throw usage(`${scope.field}: ${scope.message}`);
    const now = new Date();
    const passwordHash = await hashPassword(body.password);
    const row = await database.db.transaction(async (t) => {
      const r = await insertAccount(t as never, { ...body, ...scope, passwordHash }, now);
      if (r)
        await recordAudit(t as never, {
          actor: 'cli',
          action: 'account.create',
          target: `account:${r.id}`,
          details: { username: r.username, role: r.role, units: r.units, formerDistricts: r.formerDistricts },
          at: now,
        });
      return r;
    });
    if (!row) throw usage(`the user name "${body.username}" is taken`);
    const where =
      row.units.length + row.formerDistricts.length === 0
        ? 'the whole province'
        : [...row.formerDistricts, ...row.units].join(', ');
    process.stdout.write(`Account ${row.username} (${row.role}, ${where}) created.\n`);
  });
}
