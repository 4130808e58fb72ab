/** Builds the real service (no listening) on a fresh test database, for app.inject() tests. */
import { loadConfig } from '../../src/config.ts';
import { createService, type Service } from '../../src/service.ts';
import type { TestDatabaseKind } from './db.ts';

export async function testService(
  kind: TestDatabaseKind,
  env: Record<string, string> = {},
  opts: { now?: () => Date } = {},
): Promise<Service> {
  const database = await kind.open();
  return createService(loadConfig({ PORT: '0', ...env }), { database, now: opts.now });
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
