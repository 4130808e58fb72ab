/**
 * `hoaban token create` and `hoaban account create` as operators run them, on PGlite and on
 * PostgreSQL: the token is printed once, only its hash is stored, and it works against the service.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/api/auth/tokens.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { apiTokens } from '../src/db/schema/accounts.ts';
import { createService } from '../src/service.ts';
import { hoaban } from './support/cli.ts';
import { createPostgresDatabase } from './support/db.ts';
import { tablesContaining } from './support/service.ts';

const kinds: Array<{ name: string; env: () => Promise<Record<string, string>> }> = [
  { name: 'pglite', env: async () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'hoaban-token-')) }) },
];
const drops: Array<() => Promise<void>> = [];
if (process.env.TEST_DATABASE_URL)
  kinds.push({
    name: 'postgres',
    env: async () => {
      const created = await createPostgresDatabase();
      drops.push(created.drop);
      return { DATABASE_URL: created.url };
    },
  });
afterAll(async () => {
  for (const drop of drops) await drop();
});

describe.each(kinds)('hoaban token and account commands on $name', (kind) => {
  it('creates an account from stdin, a token printed once that works, and refuses bad input', async () => {
    const env = await kind.env();
    const made = await hoaban(
      ['account', 'create', '--user', 'Lan.CB', '--role', 'officer', '--units', 'Chiềng Lao'],
      {
        env,
        stdin: 'ten chars pass\n',
      },
    );
    // User names are lowercase only: an uppercase one is refused with the rule, nothing written.
    expect(made.code).toBe(2);
    expect(made.stderr).toMatch(/user: must be 3-40 of a-z/);
    const ok = await hoaban(
      ['account', 'create', '--user', 'lan.cb', '--role', 'officer', '--units', 'Chiềng Lao'],
      {
        env,
        stdin: 'ten chars pass\n',
      },
    );
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe('Account lan.cb (officer, Chiềng Lao) created.\n');
    const short = await hoaban(
      ['account', 'create', '--user', 'short.pw', '--role', 'viewer', '--province'],
      {
        env,
        stdin: 'short\n',
      },
    );
    expect(short.stderr).toMatch(/password: must be at least 10 characters/);
    const unknown = await hoaban(
      ['account', 'create', '--user', 'x.y.z', '--role', 'viewer', '--units', 'Nowhere'],
      {
        env,
        stdin: 'ten chars pass\n',
      },
    );
    expect(unknown.stderr).toMatch(/units: no commune or ward named "Nowhere"/);
    const noScope = await hoaban(['account', 'create', '--user', 'x.y.z', '--role', 'viewer'], {
      env,
      stdin: 'ten chars pass\n',
    });
    expect(noScope.stderr).toMatch(/province: true for the whole province/);

    const missing = await hoaban(['token', 'create', '--user', 'nobody'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('hoaban: no account named "nobody"\n');
    const res = await hoaban(['token', 'create', '--user', 'lan.cb', '--label', 'reports script'], { env });
    expect(res.code).toBe(0);
    const token = res.stdout.trim();
    expect(token).toMatch(/^hb_[A-Za-z0-9_-]{43}$/);
    expect(res.stderr).toMatch(/shown once/);

    const service = await createService(loadConfig({ PORT: '0', ...env }), {
      database: await openDatabase(loadConfig({ ...env })),
    });
    try {
      const rows = await service.database.db.select().from(apiTokens);
      expect(rows.map((r) => [r.tokenHash, r.label])).toEqual([[sha256Hex(token), 'reports script']]);
      expect(await tablesContaining(service, token.slice(3))).toEqual([]);
      const me = await service.app.inject({
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.json()).toMatchObject({
        name: 'lan.cb',
        role: 'officer',
        via: 'token',
        units: ['Chiềng Lao'],
      });
    } finally {
      await service.close();
    }
  }, 120_000);
});

describe('hoaban token --help', () => {
  it('prints its help', async () => {
    const help = await hoaban(['token', '--help']);
    expect(help.stdout).toContain('Usage: hoaban token create --user USERNAME');
    const top = await hoaban(['--help']);
    expect(top.stdout).toContain('token create --user NAME');
  });
});
