/** Subscribers in bulk and broadcasts ready to go, for the delivery engine's tests and benchmarks. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { createBroadcast } from '../../src/db/queries/broadcasts.ts';
import type { Audience, MessageTexts } from '../../src/db/schema/broadcasts.ts';
import { subscribers } from '../../src/db/schema/subscribers.ts';

export interface SubscriberSpec {
  channel: string;
  /** Chat ids are `${prefix}${i}` for i in [from, from + count). */
  count: number;
  from?: number;
  prefix?: string;
  locale?: string;
  unit?: string | null;
  hearLang?: string | null;
}

/** Inserts subscribed chats in chunks of 1,000; returns their chat ids. */
export async function addSubscribers(db: Db, spec: SubscriberSpec): Promise<string[]> {
  const from = spec.from ?? 1;
  const ids = Array.from({ length: spec.count }, (_, i) => `${spec.prefix ?? ''}${from + i}`);
  for (let i = 0; i < ids.length; i += 1000) {
    await db.insert(subscribers).values(
      ids.slice(i, i + 1000).map((chatId) => ({
        channel: spec.channel,
        chatId,
        locale: spec.locale ?? 'vi',
        unit: spec.unit ?? null,
        hearLang: spec.hearLang ?? null,
        subscribed: true,
        consentAt: new Date(),
      })),
    );
  }
  return ids;
}

/** A broadcast scheduled to go now. */
export async function scheduleBroadcast(
  db: Db,
  opts: { message?: MessageTexts; audience?: Audience; paid?: boolean; sendAt?: Date } = {},
): Promise<number> {
  const row = await createBroadcast(db, {
    message: opts.message ?? { vi: 'Tin thử: tháng hành động vì bình đẳng giới.', en: 'Test: action month.' },
    audience: opts.audience ?? {},
    status: 'scheduled',
    sendAt: opts.sendAt ?? null,
    paid: opts.paid,
    createdBy: 'test',
    now: new Date(),
  });
  if (!row) throw new Error('broadcast not created');
  return row.id;
}

/** Delivery rows of a broadcast by status. */
export async function statusCounts(db: Db, broadcastId: number): Promise<Record<string, number>> {
  const res = await db.execute(
    sql`select status, count(*)::int as n from deliveries where broadcast_id = ${broadcastId} group by status`,
  );
  const rows = (res as unknown as { rows: Array<{ status: string; n: number }> }).rows;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Waits until check() is true, polling every 50 ms, or fails after timeoutMs. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 20_000, what = 'condition') {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
