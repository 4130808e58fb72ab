/** Broadcasts as officers and the calendar create and follow them; deliveries are in deliveries.ts. */
import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import {
  type Audience,
  type BroadcastMedia,
  type BroadcastRow,
  type BroadcastStatus,
  broadcasts,
  type DeliveryStatus,
  deliveries,
  type MessageTexts,
} from '../schema/broadcasts.ts';
import { subscribers } from '../schema/subscribers.ts';

export interface NewBroadcast {
  message: MessageTexts;
  media?: BroadcastMedia | null;
  audience: Audience;
  sendAt?: Date | null;
  paid?: boolean;
  /** Set when fired from a campaign occurrence: a second insert for it creates nothing. */
  occurrenceId?: number | null;
  createdBy: string;
  /**
   * draft, scheduled (it goes out at sendAt, or at once when sendAt is null or past), or
   * awaiting_approval (sent by an officer, held for a second person's approval).
   */
  status: Extract<BroadcastStatus, 'draft' | 'scheduled'> | 'awaiting_approval';
  approvedBy?: string | null;
  now: Date;
}

/**
 * Creates a broadcast; undefined when its occurrence already has one (INSERT … ON CONFLICT DO NOTHING
 * on the unique occurrence id), which is how N replicas fire an occurrence exactly once.
 */
export async function createBroadcast(db: Db, b: NewBroadcast): Promise<BroadcastRow | undefined> {
  const [row] = await db
    .insert(broadcasts)
    .values({
      // awaiting_approval is stored as text; the engine only ever picks "scheduled".
      status: b.status as BroadcastStatus,
      message: b.message,
      media: b.media ?? null,
      audience: b.audience,
      sendAt: b.sendAt ?? null,
      paid: b.paid ?? false,
      occurrenceId: b.occurrenceId ?? null,
      createdBy: b.createdBy,
      createdAt: b.now,
      approvedBy: b.approvedBy ?? null,
      approvedAt: b.approvedBy ? b.now : null,
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function getBroadcast(db: Db, id: number): Promise<BroadcastRow | undefined> {
  const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, id));
  return row;
}

export type DeliveryCounts = Record<DeliveryStatus, number> & { total: number };

/** Deliveries of one broadcast by state (sending counts as pending for officers: not yet resolved). */
export async function deliveryCounts(db: Db, broadcastId: number): Promise<DeliveryCounts> {
  const rows = await db
    .select({ status: deliveries.status, n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(eq(deliveries.broadcastId, broadcastId))
    .groupBy(deliveries.status);
  const counts: DeliveryCounts = {
    total: 0,
    pending: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    unknown: 0,
  };
  for (const r of rows) {
    counts[r.status] = Number(r.n);
    counts.total += Number(r.n);
  }
  return counts;
}

/** Subscribers an audience condition covers now (the dry-run count officers see before sending). */
export async function countAudience(db: Db, condition: SQL): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(subscribers).where(condition);
  return Number(row?.n ?? 0);
}

export interface AudienceBreakdown {
  recipients: number;
  byChannel: Record<string, number>;
  byLocale: Record<string, number>;
  /** Subscribers who named a language to hear (thai, hmong); the others are not counted here. */
  byHearLang: Record<string, number>;
}

/** The dry-run count split by channel, text locale and preferred spoken language, in one query. */
export async function audienceBreakdown(db: Db, condition: SQL): Promise<AudienceBreakdown> {
  const rows = await db
    .select({
      channel: subscribers.channel,
      locale: subscribers.locale,
      hearLang: subscribers.hearLang,
      n: sql<number>`count(*)::int`,
    })
    .from(subscribers)
    .where(condition)
    .groupBy(subscribers.channel, subscribers.locale, subscribers.hearLang);
  const out: AudienceBreakdown = { recipients: 0, byChannel: {}, byLocale: {}, byHearLang: {} };
  const add = (m: Record<string, number>, k: string, n: number) => {
    m[k] = (m[k] ?? 0) + n;
  };
  for (const r of rows) {
    const n = Number(r.n);
    out.recipients += n;
    add(out.byChannel, r.channel, n);
    add(out.byLocale, r.locale, n);
    if (r.hearLang) add(out.byHearLang, r.hearLang, n);
  }
  return out;
}

/** Broadcasts newest first, one page, optionally of one status. */
export async function listBroadcasts(
  db: Db,
  p: { limit: number; offset: number; status?: string },
): Promise<BroadcastRow[]> {
  return db
    .select()
    .from(broadcasts)
    .where(p.status ? eq(broadcasts.status, p.status as BroadcastStatus) : undefined)
    .orderBy(desc(broadcasts.id))
    .limit(p.limit)
    .offset(p.offset);
}

/** Ids and audiences of every broadcast (of one status), newest first: a scoped list filters these. */
export async function broadcastAudiences(
  db: Db,
  p: { status?: string } = {},
): Promise<Array<{ id: number; audience: Audience }>> {
  return db
    .select({ id: broadcasts.id, audience: broadcasts.audience })
    .from(broadcasts)
    .where(p.status ? eq(broadcasts.status, p.status as BroadcastStatus) : undefined)
    .orderBy(desc(broadcasts.id));
}

/** Broadcasts by id, newest first. */
export async function broadcastsByIds(db: Db, ids: number[]): Promise<BroadcastRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(broadcasts).where(inArray(broadcasts.id, ids)).orderBy(desc(broadcasts.id));
}

/** deliveryCounts for several broadcasts in one query (a page of the list). */
export async function deliveryCountsOf(db: Db, ids: number[]): Promise<Map<number, DeliveryCounts>> {
  const out = new Map<number, DeliveryCounts>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({ id: deliveries.broadcastId, status: deliveries.status, n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(inArray(deliveries.broadcastId, ids))
    .groupBy(deliveries.broadcastId, deliveries.status);
  for (const id of ids)
    out.set(id, { total: 0, pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0, unknown: 0 });
  for (const r of rows) {
    const c = out.get(Number(r.id)) as DeliveryCounts;
    c[r.status] = Number(r.n);
    c.total += Number(r.n);
  }
  return out;
}

/** Failed and skipped deliveries of one broadcast by reason, so officers see why. */
export async function deliveryReasons(
  db: Db,
  broadcastId: number,
): Promise<{ failed: Record<string, number>; skipped: Record<string, number> }> {
  const rows = await db
    .select({ status: deliveries.status, reason: deliveries.reason, n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(and(eq(deliveries.broadcastId, broadcastId), inArray(deliveries.status, ['failed', 'skipped'])))
    .groupBy(deliveries.status, deliveries.reason);
  const out = { failed: {} as Record<string, number>, skipped: {} as Record<string, number> };
  for (const r of rows) out[r.status as 'failed' | 'skipped'][r.reason ?? 'unspecified'] = Number(r.n);
  return out;
}
