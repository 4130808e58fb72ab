/**
 * The delivery pipeline's steps against the database, each one statement or one transaction so that
 * any number of replicas can run them at once: expand a due broadcast into one row per recipient
 * (claimed by its status change), lease batches with FOR UPDATE SKIP LOCKED, mark a row "sending"
 * just before its API call, record the outcome, and resolve rows a dead worker left "sending" as
 * "unknown". Lease and heartbeat times use the database's clock, so replicas' clocks need not agree.
 */
import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { type BroadcastRow, broadcasts, deliveries, deliveryWorkers } from '../schema/broadcasts.ts';
import { subscribers } from '../schema/subscribers.ts';

type Rows = { rows: Array<Record<string, unknown>> };
const rowsOf = (res: unknown) => (res as Rows).rows;

/** Scheduled broadcasts whose time has come (sendAt null or past), oldest first. */
export async function dueBroadcasts(db: Db, now: Date): Promise<number[]> {
  const rows = await db
    .select({ id: broadcasts.id })
    .from(broadcasts)
    .where(
      and(eq(broadcasts.status, 'scheduled'), or(isNull(broadcasts.sendAt), lte(broadcasts.sendAt, now))),
    )
    .orderBy(broadcasts.id);
  return rows.map((r) => r.id);
}

/**
 * Moves one scheduled broadcast to sending and creates its delivery rows, in one transaction; only
 * the replica whose status change succeeds expands it. Returns the number of recipients, or
 * undefined when another replica (or a cancel) got there first.
 */
export async function expandBroadcast(
  db: Db,
  id: number,
  now: Date,
  audienceWhere: (b: BroadcastRow) => ReturnType<typeof sql> | undefined,
): Promise<number | undefined> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [b] = await t
      .update(broadcasts)
      .set({ status: 'sending', startedAt: now })
      .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'scheduled')))
      .returning();
    if (!b) return undefined;
    const where = audienceWhere(b);
    let total = 0;
    if (where) {
      await t.execute(sql`
        insert into ${deliveries} (broadcast_id, subscriber_id, channel, locale, unit)
        select ${id}, ${subscribers.id}, ${subscribers.channel}, ${subscribers.locale}, ${subscribers.unit}
        from ${subscribers} where ${where}
        on conflict do nothing`);
      const [c] = await t
        .select({ n: sql<number>`count(*)::int` })
        .from(deliveries)
        .where(eq(deliveries.broadcastId, id));
      total = Number(c?.n ?? 0);
    }
    await t.update(broadcasts).set({ total }).where(eq(broadcasts.id, id));
    return total;
  });
}

/** Broadcasts being sent, oldest first. */
export async function sendingBroadcasts(db: Db): Promise<BroadcastRow[]> {
  return db.select().from(broadcasts).where(eq(broadcasts.status, 'sending')).orderBy(broadcasts.id);
}

/** A leased delivery with what is needed to send it (chat id null when the subscriber is gone). */
export interface LeasedDelivery {
  id: number;
  channel: string;
  locale: string;
  chatId: string | null;
  subscribed: boolean;
  /** Attempts made before this lease. */
  attempts: number;
}

/**
 * Leases up to `limit` pending rows of one broadcast that are free (no lease, or an expired one) and
 * due (not_before passed); SKIP LOCKED lets replicas lease at once without taking the same row.
 */
export async function leaseBatch(
  db: Db,
  broadcastId: number,
  worker: string,
  leaseMs: number,
  limit: number,
): Promise<LeasedDelivery[]> {
  const res = await db.execute(sql`
    with picked as (
      update ${deliveries} set lease_owner = ${worker},
        lease_until = clock_timestamp() + make_interval(secs => ${leaseMs / 1000})
      where id in (
        select id from ${deliveries}
        where broadcast_id = ${broadcastId} and status = 'pending'
          and (lease_until is null or lease_until < clock_timestamp())
          and (not_before is null or not_before <= clock_timestamp())
        order by id
        limit ${limit}
        for update skip locked)
      returning id, subscriber_id, channel, locale, attempts)
    select p.id, p.channel, p.locale, p.attempts, s.chat_id, coalesce(s.subscribed, false) as subscribed
    from picked p left join ${subscribers} s on s.id = p.subscriber_id
    order by p.id`);
  return rowsOf(res).map((r) => ({
    id: Number(r.id),
    channel: String(r.channel),
    locale: String(r.locale),
    chatId: r.chat_id == null ? null : String(r.chat_id),
    subscribed: r.subscribed === true || r.subscribed === 't',
    attempts: Number(r.attempts),
  }));
}

/**
 * Marks a leased row "sending" just before its API call; false when it is no longer this worker's
 * pending row or the broadcast is no longer sending (cancelled): then nothing may be sent.
 */
export async function markSending(db: Db, id: number, worker: string): Promise<boolean> {
  const res = await db.execute(sql`
    update ${deliveries} d set status = 'sending', attempts = d.attempts + 1, updated_at = clock_timestamp()
    where d.id = ${id} and d.status = 'pending' and d.lease_owner = ${worker}
      and exists (select 1 from ${broadcasts} b where b.id = d.broadcast_id and b.status = 'sending')
    returning d.id`);
  return rowsOf(res).length === 1;
}

export type Outcome =
  | { status: 'sent'; sentAs?: string }
  | { status: 'failed'; reason: string }
  | { status: 'skipped'; reason: string }
  /** Sent, but no answer came in time: it may or may not have arrived. */
  | { status: 'unknown'; reason: string }
  /** Back to pending, not before `afterMs` from now (a 429 or a connection error to retry). */
  | { status: 'pending'; afterMs: number; reason: string };

/** Records the outcome of a row this worker marked sending (or skips a leased pending row). */
export async function settle(db: Db, id: number, worker: string, o: Outcome): Promise<void> {
  const notBefore =
    o.status === 'pending' ? sql`clock_timestamp() + make_interval(secs => ${o.afterMs / 1000})` : sql`null`;
  await db.execute(sql`
    update ${deliveries} set status = ${o.status},
      reason = ${'reason' in o ? o.reason : null},
      sent_as = ${o.status === 'sent' ? (o.sentAs ?? null) : null},
      not_before = ${notBefore},
      lease_owner = null, lease_until = null, updated_at = clock_timestamp()
    where id = ${id} and lease_owner = ${worker} and status in ('pending', 'sending')`);
}

/** Gives leased rows that were not attempted back to the pool at once. */
export async function releaseLeases(db: Db, ids: number[], worker: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(deliveries)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(
      and(inArray(deliveries.id, ids), eq(deliveries.leaseOwner, worker), eq(deliveries.status, 'pending')),
    );
}

/** Marks a sending broadcast done once no row is pending or sending; true when it did. */
export async function finishIfDone(db: Db, id: number, now: Date): Promise<boolean> {
  const res = await db.execute(sql`
    update ${broadcasts} b set status = 'done', finished_at = ${now.toISOString()}
    where b.id = ${id} and b.status = 'sending'
      and not exists (select 1 from ${deliveries} d where d.broadcast_id = b.id and d.status in ('pending', 'sending'))
    returning b.id`);
  return rowsOf(res).length === 1;
}

/** Records that this worker is alive. */
export async function heartbeat(db: Db, worker: string): Promise<void> {
  await db.execute(sql`
    insert into ${deliveryWorkers} (id, heartbeat_at) values (${worker}, clock_timestamp())
    on conflict (id) do update set heartbeat_at = excluded.heartbeat_at`);
}

/** Forgets a worker that stops cleanly (its rows are all settled). */
export async function retireWorker(db: Db, worker: string): Promise<void> {
  await db.delete(deliveryWorkers).where(eq(deliveryWorkers.id, worker));
}

/**
 * Rows left "sending" by a worker whose heartbeat is older than timeoutMs (killed, frozen) become
 * "unknown": the message may or may not have reached the platform, and sends have no idempotency
 * key, so they are never resent blindly. Returns how many were resolved.
 */
export async function resolveOrphans(db: Db, timeoutMs: number): Promise<number> {
  const res = await db.execute(sql`
    update ${deliveries} d set status = 'unknown', reason = 'worker_lost', lease_owner = null,
      lease_until = null, updated_at = clock_timestamp()
    where d.status = 'sending' and not exists (
      select 1 from ${deliveryWorkers} w where w.id = d.lease_owner
        and w.heartbeat_at > clock_timestamp() - make_interval(secs => ${timeoutMs / 1000}))
    returning d.id`);
  // Rows a dead worker leased but never attempted are free again at once, without waiting for the lease.
  await db.execute(sql`
    update ${deliveries} d set lease_owner = null, lease_until = null
    where d.status = 'pending' and d.lease_owner is not null and not exists (
      select 1 from ${deliveryWorkers} w where w.id = d.lease_owner
        and w.heartbeat_at > clock_timestamp() - make_interval(secs => ${timeoutMs / 1000}))`);
  await db.execute(sql`
    delete from ${deliveryWorkers}
    where heartbeat_at < clock_timestamp() - make_interval(secs => ${(timeoutMs * 10) / 1000})`);
  return rowsOf(res).length;
}

/** Pending rows per channel over all sending broadcasts (the queue-depth metric). */
export async function queueDepth(db: Db): Promise<Record<string, number>> {
  const res = await db.execute(sql`
    select d.channel, count(*)::int as n from ${deliveries} d
    join ${broadcasts} b on b.id = d.broadcast_id and b.status = 'sending'
    where d.status = 'pending' group by d.channel`);
  return Object.fromEntries(rowsOf(res).map((r) => [String(r.channel), Number(r.n)]));
}

/**
 * Cuts the link between subscribers and the broadcasts that ended before `before`: the rows keep
 * channel, unit, language and status for the reports, but no longer say who received what.
 */
export async function unlinkDeliveries(db: Db, before: Date): Promise<number> {
  const res = await db.execute(sql`
    update ${deliveries} d set subscriber_id = null
    from ${broadcasts} b
    where b.id = d.broadcast_id and d.subscriber_id is not null
      and b.status in ('done', 'cancelled')
      and coalesce(b.finished_at, b.cancelled_at, b.created_at) < ${before.toISOString()}
    returning d.id`);
  return rowsOf(res).length;
}
