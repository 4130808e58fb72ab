/**
 * Opens the database: embedded PGlite in DATA_DIR by default, node-postgres when DATABASE_URL is
 * set. Both get the same drizzle schema and the same migrations, run from code at start-up.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { NodePgSession } from 'drizzle-orm/node-postgres/session';
import type { PgDatabase, PgQueryResultHKT, PgTransactionConfig } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { lockDataDir } from './lock.ts';
import * as schema from './schema/index.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** The drizzle handle every query function takes first; a transaction has the same type. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Keeps embedded PostgreSQL's memory modest (measured, docs/SOURCES.md: ~290 MiB by default, ~150 MiB with this). */
const PGLITE_CONF = ['shared_buffers=16MB'];

const extensions = { pg_trgm, unaccent };

/** Emscripten's errno numbers (PGlite's file system) of the failures a data directory can meet. */
const FS_ERRNO: Record<number, string> = {
  2: 'EACCES',
  19: 'EDQUOT',
  29: 'EIO',
  51: 'ENOSPC',
  63: 'EPERM',
  69: 'EROFS',
};

/** PGlite's file system throws ErrnoError objects with no message; give them a code and words. */
function fsError(err: unknown): unknown {
  const e = err as { name?: unknown; errno?: unknown; message?: unknown } | null;
  if (e?.name !== 'ErrnoError' || typeof e.errno !== 'number' || e.message) return err;
  const code = FS_ERRNO[e.errno] ?? `errno ${e.errno}`;
  const words = code === 'ENOSPC' || code === 'EDQUOT' ? 'no space left on device' : 'file system error';
  return Object.assign(new Error(`${words} writing the data directory`), { code });
}

/** Opens PGlite in a directory (taking its lock), or in memory when dir is undefined. */
export async function openPglite(
  dir: string | undefined,
  opts: { loadDataDir?: Blob } = {},
): Promise<Database> {
  let unlock = () => {};
  if (dir) {
    const abs = resolve(dir);
    mkdirSync(abs, { recursive: true });
    unlock = lockDataDir(abs);
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      dataDir: dir ? resolve(dir, 'pg') : undefined,
      extensions,
      postgresqlconf: PGLITE_CONF,
      loadDataDir: opts.loadDataDir,
    });
  } catch (err) {
    unlock();
    throw fsError(err);
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    ping: async () => {
      try {
        await client.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        unlock();
      }
    },
  };
}

/** Opens a pool on a PostgreSQL server. */
export async function openPostgres(
  url: string,
  opts: { max?: number; connectTimeoutMs?: number } = {},
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    // A server that does not answer (network gone, no reset) fails a checkout after 10 s instead of
    // holding the request forever, and TCP keepalive finds dead idle connections.
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    keepAlive: true,
  });
  // A connection lost (server restart, terminated backend) must not crash the process. node-postgres
  // emits 'error' on the client: the pool listens while the client is idle, nobody while it is checked
  // out (an EventEmitter 'error' without a listener throws). Every client gets a listener of its own;
  // its queries still fail with the error, and the pool drops it on release.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  releaseOnFailedBegin(db, pool);
  return {
    db,
    kind: 'postgres',
    migrate: async () => {
      // One replica migrates at a time; the others wait and then find nothing to do.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(7316001)');
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('select pg_advisory_unlock(7316001)').catch(() => {});
        client.release();
      }
    },
    ping: async () => {
      try {
        await db.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}

/**
 * drizzle-orm 0.45's pool transaction sends BEGIN before its try/finally, so a BEGIN that fails (the
 * server went away between check-out and BEGIN) never releases the client: the pool shrinks
 * for good and pool.end() waits forever. Here the client is checked out and released by us, whatever
 * happens, and drizzle runs the transaction on that one client.
 */
function releaseOnFailedBegin(db: Db, pool: pg.Pool): void {
  type Session = ConstructorParameters<typeof NodePgSession>;
  const base = (
    db as unknown as { session: { dialect: Session[1]; schema: Session[2]; options: Session[3] } }
  ).session;
  Object.defineProperty(db, 'transaction', {
    value: async (fn: (tx: unknown) => Promise<unknown>, config?: PgTransactionConfig) => {
      const client = await pool.connect();
      try {
        const session = new NodePgSession(client, base.dialect, base.schema, base.options);
        return await session.transaction(fn, config);
      } finally {
        client.release();
      }
    },
  });
}

/** Opens the configured database without migrating it. */
export function openDatabase(cfg: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return cfg.databaseUrl ? openPostgres(cfg.databaseUrl) : openPglite(cfg.dataDir);
}
