/**
 * Zalo OA rows: the token pair (read and replaced under a row lock so one replica refreshes), the
 * inbox of accepted events (leased with SKIP LOCKED so replicas share it, deleted once handled) and
 * the per-follower send counters.
 */
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { processedUpdates } from '../schema/conversation.ts';
import {
  type ZaloOaChatRow,
  type ZaloOaTokenRow,
  zaloOaChats,
  zaloOaInbox,
  zaloOaQuota,
  zaloOaTokens,
} from '../schema/zalo-oa.ts';

const TOKEN_ROW = 1;
const CHANNEL = 'zalo-oa';

/** Stores the configured pair on first start only; afterwards the database owns the tokens. */
export async function seedTokens(
  db: Db,
  p: { accessToken?: string; refreshToken?: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db
    .insert(zaloOaTokens)
    .values({
      id: TOKEN_ROW,
      accessToken: p.accessToken ?? '',
      refreshToken: p.refreshToken ?? null,
      expiresAt: p.expiresAt,
      updatedAt: p.now,
    })
    .onConflictDoNothing();
}

/** The current pair, or undefined before seeding. */
export async function getTokens(db: Db): Promise<ZaloOaTokenRow | undefined> {
  const [row] = await db.select().from(zaloOaTokens).where(eq(zaloOaTokens.id, TOKEN_ROW)).limit(1);
  return row;
}

/** The current pair with its row locked until the caller's transaction ends. */
export async function lockTokens(db: Db): Promise<ZaloOaTokenRow | undefined> {
  const [row] = await db.select().from(zaloOaTokens).where(eq(zaloOaTokens.id, TOKEN_ROW)).for('update');
  return row;
}

/** Replaces the pair (inside the transaction that holds the lock and retired the old one). */
export async function storeTokens(
  db: Db,
  p: { accessToken: string; refreshToken: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db
    .update(zaloOaTokens)
    .set({
      accessToken: p.accessToken,
      refreshToken: p.refreshToken,
      expiresAt: p.expiresAt,
      updatedAt: p.now,
    })
    .where(eq(zaloOaTokens.id, TOKEN_ROW));
}

export interface InboxEvent {
  eventId: string;
  event: (typeof zaloOaInbox.$inferSelect)['event'];
  attempts: number;
  receivedAt: Date;
}

/**
 * Accepts an event into the inbox; false when it is already there or was handled before (the
 * platform retried it), so a re-delivery stores nothing.
 */
export async function acceptEvent(
  db: Db,
  eventId: string,
  event: InboxEvent['event'],
  now: Date,
): Promise<boolean> {
  const [seen] = await db
    .select({ id: processedUpdates.updateId })
    .from(processedUpdates)
    .where(and(eq(processedUpdates.channel, CHANNEL), eq(processedUpdates.updateId, eventId)))
    .limit(1);
  if (seen) return false;
  const rows = await db
    .insert(zaloOaInbox)
    .values({ eventId, event, receivedAt: now, lockedUntil: now })
    .onConflictDoNothing()
    .returning({ eventId: zaloOaInbox.eventId });
  return rows.length === 1;
}

/**
 * Leases up to limit events whose lease has passed (new ones, or a crashed worker's) for leaseMs,
 * oldest first; SKIP LOCKED lets several replicas lease at once without taking the same row.
 */
export async function leaseEvents(db: Db, now: Date, leaseMs: number, limit: number): Promise<InboxEvent[]> {
  const until = new Date(now.getTime() + leaseMs);
  const res = await db.execute(sql`
    update ${zaloOaInbox} set locked_until = ${until.toISOString()}, attempts = attempts + 1
    where event_id in (
      select event_id from ${zaloOaInbox}
      where locked_until <= ${now.toISOString()}
      order by received_at
      limit ${limit}
      for update skip locked)
    returning event_id, event, attempts, received_at`);
  const rows = (res as unknown as { rows: Array<Record<string, unknown>> }).rows;
  return rows
    .map((r) => ({
      eventId: String(r.event_id),
      event: (typeof r.event === 'string' ? JSON.parse(r.event) : r.event) as InboxEvent['event'],
      attempts: Number(r.attempts),
      receivedAt: new Date(r.received_at as string),
    }))
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}

/** Removes a handled event: the user's text is not kept past its turn. */
export async function deleteEvent(db: Db, eventId: string): Promise<void> {
  await db.delete(zaloOaInbox).where(eq(zaloOaInbox.eventId, eventId));
}

/** Events waiting in the inbox (for readiness and tests). */
export async function inboxSize(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(zaloOaInbox);
  return Number(row?.n ?? 0);
}

/** The send counters of one follower. */
export async function getChat(db: Db, chatId: string): Promise<ZaloOaChatRow | undefined> {
  const [row] = await db.select().from(zaloOaChats).where(eq(zaloOaChats.chatId, chatId)).limit(1);
  return row;
}

/** The same row locked for the caller's transaction (two sends to one chat count one after the other). */
export async function lockChatRow(db: Db, chatId: string): Promise<ZaloOaChatRow | undefined> {
  await db.insert(zaloOaChats).values({ chatId }).onConflictDoNothing();
  const [row] = await db.select().from(zaloOaChats).where(eq(zaloOaChats.chatId, chatId)).for('update');
  return row;
}

/** The user wrote (or followed): a new free window opens and she is no longer gone. */
export async function recordInteraction(db: Db, chatId: string, msgId: string | null, now: Date) {
  const set = { lastUserAt: now, lastUserMsgId: msgId, repliesSince: 0, goneAt: null, updatedAt: now };
  await db
    .insert(zaloOaChats)
    .values({ chatId, ...set })
    .onConflictDoUpdate({ target: zaloOaChats.chatId, set });
}

/** The user unfollowed or the platform says she no longer follows: nothing more is attempted. */
export async function markChatGone(db: Db, chatId: string, now: Date) {
  await db
    .insert(zaloOaChats)
    .values({ chatId, goneAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: zaloOaChats.chatId, set: { goneAt: now, updatedAt: now } });
}

/** Changes one follower's counters by delta (1 when a send is reserved, -1 when it failed). */
export async function countSend(
  db: Db,
  chatId: string,
  as: 'free_reply' | 'proactive' | 'promotion',
  delta: number,
  p: { day: string; month: string; now: Date },
) {
  if (as === 'free_reply') {
    await db
      .update(zaloOaChats)
      .set({ repliesSince: sql`greatest(0, ${zaloOaChats.repliesSince} + ${delta})`, updatedAt: p.now })
      .where(eq(zaloOaChats.chatId, chatId));
  } else if (as === 'proactive') {
    await db
      .insert(zaloOaQuota)
      .values({ month: p.month, proactive: Math.max(0, delta) })
      .onConflictDoUpdate({
        target: zaloOaQuota.month,
        set: { proactive: sql`greatest(0, ${zaloOaQuota.proactive} + ${delta})` },
      });
  } else {
    await db
      .update(zaloOaChats)
      .set({
        promoDayCount: sql`case when ${zaloOaChats.promoDay} = ${p.day} then greatest(0, ${zaloOaChats.promoDayCount} + ${delta}) else ${Math.max(0, delta)} end`,
        promoMonthCount: sql`case when ${zaloOaChats.promoMonth} = ${p.month} then greatest(0, ${zaloOaChats.promoMonthCount} + ${delta}) else ${Math.max(0, delta)} end`,
        promoDay: p.day,
        promoMonth: p.month,
        updatedAt: p.now,
      })
      .where(eq(zaloOaChats.chatId, chatId));
  }
}

/** Proactive messages counted this month (YYYY-MM). */
export async function proactiveUsed(db: Db, month: string): Promise<number> {
  const [row] = await db.select().from(zaloOaQuota).where(eq(zaloOaQuota.month, month)).limit(1);
  return row?.proactive ?? 0;
}

/** Forgets a follower's counters (she deleted her data). */
export async function forgetZaloChat(db: Db, chatId: string) {
  await db.delete(zaloOaChats).where(eq(zaloOaChats.chatId, chatId));
}

/**
 * Retention: counters untouched since chatsBefore (past every window and the month's caps), quota
 * months before monthBefore, and inbox events that could not be handled since inboxBefore.
 */
export async function purgeZaloOa(db: Db, p: { chatsBefore: Date; monthBefore: string; inboxBefore: Date }) {
  await db.delete(zaloOaChats).where(lt(zaloOaChats.updatedAt, p.chatsBefore));
  await db.delete(zaloOaQuota).where(lt(zaloOaQuota.month, p.monthBefore));
  await db.delete(zaloOaInbox).where(lt(zaloOaInbox.receivedAt, p.inboxBefore));
}

/** Drops inbox events by id (given up after too many attempts). */
export async function dropEvents(db: Db, ids: string[]) {
  if (ids.length > 0) await db.delete(zaloOaInbox).where(inArray(zaloOaInbox.eventId, ids));
}
