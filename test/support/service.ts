/** Builds the real service (no listening) on a fresh test database, for app.inject() tests. */
import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { createService, type Service } from '../../src/service.ts';
import type { TestDatabaseKind } from './db.ts';

/** The METRICS_TOKEN of every test service (GET /metrics answers only a bearer token). */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789';

export async function testService(
  kind: TestDatabaseKind,
  env: Record<string, string> = {},
  opts: { now?: () => Date } = {},
): Promise<Service> {
  const database = await kind.open();
  return createService(loadConfig({ PORT: '0', METRICS_TOKEN: TEST_METRICS_TOKEN, ...env }), {
    database,
    now: opts.now,
  });
}

/** The Prometheus text of GET /metrics, scraped with the test METRICS_TOKEN as Prometheus would. */
export async function scrapeMetrics(service: Service): Promise<string> {
  const res = await service.app.inject({
    url: '/metrics',
    headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
}

/** Every row of every table, as text, to prove something is not stored anywhere. */
export async function tablesContaining(service: Service, needle: string): Promise<string[]> {
  const { sql } = await import('drizzle-orm');
  const res = await service.database.db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const tables = (res as unknown as { rows: Array<{ table_name: string }> }).rows.map((r) => r.table_name);
  const found: string[] = [];
  for (const t of tables) {
    const rows = await service.database.db.execute(
      sql`select count(*)::int as n from ${sql.identifier(t)} x where x::text like ${`%${needle}%`}`,
    );
    if (Number((rows as unknown as { rows: Array<{ n: number }> }).rows[0]?.n) > 0) found.push(t);
  }
  return found;
}

/** How many rows a table holds, to prove a request stored (or did not store) something. */
export async function rowCount(service: Service, table: string): Promise<number> {
  const { sql } = await import('drizzle-orm');
  const res = await service.database.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return Number((res as unknown as { rows: Array<{ n: number }> }).rows[0]?.n);
}

/** The real service on a database with every log line it writes kept, to check what logs carry. */
export async function loggedTestService(
  database: Database,
  env: Record<string, string>,
  level = 'trace',
): Promise<{ service: Service; lines: string[] }> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const service = await createService(loadConfig({ PORT: '0', ...env }), {
    database,
    logger: { level, stream },
  });
  return { service, lines };
}

/** The log lines say what went wrong (every one of `says`) and never carry any of `never`. */
export function expectLogHolds(lines: string[], says: string[], never: string[]): void {
  const log = lines.join('');
  expect(lines.length).toBeGreaterThan(5);
  for (const s of says) expect(log).toContain(s);
  for (const secret of never) expect(log, secret).not.toContain(secret);
}

/** One API request with a bearer token, as an admin's script sends it (JSON payload when given). */
export function bearerInject(
  service: Service,
  token: string,
  method: InjectOptions['method'],
  url: string,
  payload?: unknown,
) {
  return service.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** A JSON answer as assertions read it (a non-JSON answer as { text }). */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies read in assertions
export type ApiBody = Record<string, any>;

/**
 * One API request with these headers (a bearer token or a console session): a string payload goes as
 * text/csv, anything else as JSON. Returns the status and the parsed body.
 */
export async function apiCall(
  service: Service,
  headers: Record<string, string>,
  method: InjectOptions['method'],
  url: string,
  payload?: unknown,
): Promise<{ status: number; body: ApiBody }> {
  const csv = typeof payload === 'string';
  const res = await service.app.inject({
    method,
    url,
    headers: { ...headers, ...(csv ? { 'content-type': 'text/csv' } : {}) },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  const json = res.headers['content-type']?.toString().startsWith('application/json');
  return { status: res.statusCode, body: (json ? res.json() : { text: res.body }) as ApiBody };
}
