/**
 * Test databases on both paths: PGlite in memory (always) and a real PostgreSQL when
 * TEST_DATABASE_URL is set. REQUIRE_POSTGRES=1 without it fails the run instead of skipping.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../../src/db/client.ts';
import { prepareDatabase } from '../../src/db/prepare.ts';
import { TEMPLATE_FILE } from './paths.ts';

export interface TestDatabaseKind {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated and seeded database; close() also drops it. */
  open(): Promise<Database>;
}

if (process.env.REQUIRE_POSTGRES === '1' && !process.env.TEST_DATABASE_URL) {
  throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL suites cannot run');
}

let counter = 0;

/** Opens a PGlite copy of the migrated, seeded template made by the global setup. */
export async function openTestPglite(): Promise<Database> {
  const blob = new Blob([readFileSync(TEMPLATE_FILE)]);
  const database = await openPglite(undefined, { loadDataDir: blob });
  await prepareDatabase(database); // no-op on the template; keeps the path honest
  return database;
}

/** Creates an empty database on the test server; returns its URL and a drop function. */
export async function createPostgresDatabase(url = process.env.TEST_DATABASE_URL as string) {
  const name = `hoaban_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Creates a new database on the test server, migrated and seeded, dropped on close. */
export async function openTestPostgres(url = process.env.TEST_DATABASE_URL as string): Promise<Database> {
  const created = await createPostgresDatabase(url);
  const database = await openPostgres(created.url, { max: 4 });
  await prepareDatabase(database);
  const close = database.close;
  database.close = async () => {
    await close();
    await created.drop();
  };
  return database;
}

/** The database kinds this run covers: PGlite always, PostgreSQL when configured. */
export const testDatabases: TestDatabaseKind[] = [
  { name: 'pglite', open: openTestPglite },
  ...(process.env.TEST_DATABASE_URL ? [{ name: 'postgres' as const, open: () => openTestPostgres() }] : []),
];
