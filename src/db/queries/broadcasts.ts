/** Broadcasts as officers and the calendar create and follow them; deliveries are in deliveries.ts. */
import { eq, sql } from 'drizzle-orm';
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

export interface NewBroadcast {
  message: MessageTexts;
  media?: BroadcastMedia | null;
  audience: Audience;
  sendAt?: Date | null;
  paid?: boolean;
  /** Set when fired from a campaign occurrence: a second insert for it creates nothing. */
  occurrenceId?: number | null;
  createdBy: string;
  /** draft, or scheduled (it goes out at sendAt, or at once when sendAt is null or past). */
  status: Extract<BroadcastStatus, 'draft' | 'scheduled'>;
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
      status: b.status,
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
