/**
 * A PostgreSQL connection lost while the service holds it (a server restart, a terminated backend, a
 * dropped network) fails the work on it and nothing more: no uncaught exception (which would end the
 * process), and the connection goes back to the pool even when the very first statement, BEGIN,
 * fails — otherwise the pool shrinks for good and closing it waits forever.
 */
import { createServer, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openPostgres } from '../../src/db/client.ts';
import { createPostgresDatabase } from '../support/db.ts';

const PG = process.env.TEST_DATABASE_URL;

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe.runIf(PG)('PostgreSQL connection lost while in use', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let database: Database;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    created = await createPostgresDatabase();
  });
  afterAll(async () => {
    await created?.drop();
  });
  beforeEach(async () => {
    uncaught.length = 0;
    process.on('uncaughtException', onUncaught);
    // One connection: a client that is never given back would stall the next statement.
    database = await openPostgres(created.url, { max: 1 });
  });
  afterEach(async () => {
    process.off('uncaughtException', onUncaught);
    await within(database.close(), 5000, 'closing the pool');
  });

  it('a backend terminated in the middle of a transaction fails it; the next statement runs', async () => {
    const { db } = database;
    const admin = new pg.Client({ connectionString: created.url });
    await admin.connect();
    try {
      const tx = db.transaction(async (t) => {
        const pid = (await t.execute(sql`select pg_backend_pid() as pid`)) as unknown as {
          rows: Array<{ pid: number }>;
        };
        await admin.query('select pg_terminate_backend($1)', [pid.rows[0]?.pid]);
        // The server's goodbye reaches the client while it is checked out and idle.
        await new Promise((r) => setTimeout(r, 200));
        await t.execute(sql`select 1`);
      });
      await expect(tx).rejects.toThrow();
    } finally {
      await admin.end();
    }
    const again = await within(db.execute(sql`select 2 as two`), 5000, 'the next statement');
    expect((again as unknown as { rows: Array<{ two: number }> }).rows[0]?.two).toBe(2);
    expect(uncaught).toEqual([]);
  });

  it('a BEGIN that fails on a dead connection gives the client back to the pool', async () => {
    const { db } = database;
    await db.execute(sql`select 1`); // one idle client in the pool
    const pool = (db as unknown as { $client: pg.Pool }).$client;
    pool.once('acquire', (client) => {
      // The network drops just as the client is handed out: BEGIN is the first statement to fail.
      (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    });
    await expect(db.transaction(async (t) => t.execute(sql`select 1`))).rejects.toThrow();
    const next = await within(
      db.transaction(async (t) => t.execute(sql`select 3 as three`)),
      5000,
      'a transaction after the failed BEGIN',
    );
    expect((next as unknown as { rows: Array<{ three: number }> }).rows[0]?.three).toBe(3);
    expect(pool.totalCount).toBe(1);
    expect(uncaught).toEqual([]);
  });

  it('a server that accepts and never answers fails the checkout after the connect timeout', async () => {
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const mute = await openPostgres(`postgres://postgres@127.0.0.1:${port}/none`, { connectTimeoutMs: 300 });
    try {
      const started = Date.now();
      expect(await within(mute.ping(), 5000, 'ping of a silent server')).toBe(false);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await mute.close();
      for (const s of held) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});
