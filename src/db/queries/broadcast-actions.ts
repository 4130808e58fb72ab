/**
 * What officers do to a broadcast, as queries run inside the action's transaction: lock it, schedule
 * a draft, cancel (pending deliveries skipped), put retryable failures back in the queue.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { RETRYABLE_REASONS } from '../../bot/broadcast/outcome.ts';
import type { Db } from '../client.ts';
import { apiTokens } from '../schema/accounts.ts';
import { type BroadcastRow, type BroadcastStatus, broadcasts, deliveries } from '../schema/broadcasts.ts';
import { auditLog } from '../schema/campaigns.ts';

/** One broadcast locked for the caller's transaction (an action and the engine never cross). */
export async function lockBroadcast(db: Db, id: number): Promise<BroadcastRow | undefined> {
  const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, id)).for('update');
  return row;
}

/** A draft goes out: scheduled at sendAt (null = as soon as possible), approved by who sent it. */
export async function scheduleBroadcast(
  db: Db,
  id: number,
  p: { sendAt: Date | null; by: string; now: Date },
): Promise<void> {
  await db
    .update(broadcasts)
    .set({ status: 'scheduled', sendAt: p.sendAt, approvedBy: p.by, approvedAt: p.now })
    .where(eq(broadcasts.id, id));
}

/** A draft an officer sent waits for a second person: awaiting_approval, not yet approved. */
export async function holdBroadcast(db: Db, id: number, p: { sendAt: Date | null }): Promise<void> {
  await db
    .update(broadcasts)
    .set({
      status: 'awaiting_approval' as BroadcastStatus,
      sendAt: p.sendAt,
      approvedBy: null,
      approvedAt: null,
    })
    .where(eq(broadcasts.id, id));
}

/**
 * Who last did one of `actions` to `target` (e.g. who sent broadcast:7), from the audit log: that
 * person cannot be the second pair of eyes.
 */
export async function lastActorOf(db: Db, target: string, actions: string[]): Promise<string | undefined> {
  const [row] = await db
    .select({ actor: auditLog.actor })
    .from(auditLog)
    .where(and(eq(auditLog.target, target), inArray(auditLog.action, actions)))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row?.actor;
}

/**
 * The person behind an audit actor id: "account:<id>" for a console session ("user:<id>") and for
 * an API token ("token:<id>", looked up), so one officer using both still counts as one person;
 * any other id (admin-token, calendar) as it is.
 */
export async function personOf(db: Db, actorId: string): Promise<string> {
  const user = /^user:(\d+)$/.exec(actorId);
  if (user) return `account:${user[1]}`;
  const token = /^token:(\d+)$/.exec(actorId);
  if (!token) return actorId;
  const [row] = await db
    .select({ accountId: apiTokens.accountId })
    .from(apiTokens)
    .where(eq(apiTokens.id, Number(token[1])));
  return row ? `account:${row.accountId}` : actorId;
}

/**
 * Cancels a broadcast and skips its pending deliveries with reason "cancelled"; rows already
 * "sending" are in a worker's hands and are resolved by it. Returns how many rows were skipped.
 */
export async function cancelBroadcast(db: Db, id: number, p: { by: string; now: Date }): Promise<number> {
  await db
    .update(broadcasts)
    .set({ status: 'cancelled', cancelledBy: p.by, cancelledAt: p.now })
    .where(eq(broadcasts.id, id));
  const skipped = await db
    .update(deliveries)
    .set({ status: 'skipped', reason: 'cancelled', leaseOwner: null, leaseUntil: null, updatedAt: p.now })
    .where(and(eq(deliveries.broadcastId, id), eq(deliveries.status, 'pending')))
    .returning({ id: deliveries.id });
  return skipped.length;
}

/**
 * Puts failed deliveries whose reason may pass (RETRYABLE_REASONS) and, only when asked, unknown
 * ones back to pending, and the broadcast back to sending when any were. Returns the rows retried.
 */
export async function retryDeliveries(
  db: Db,
  id: number,
  p: { includeUnknown: boolean; now: Date },
): Promise<{ failed: number; unknown: number }> {
  const back = {
    status: 'pending' as const,
    reason: null,
    leaseOwner: null,
    leaseUntil: null,
    updatedAt: p.now,
  };
  const failed = await db
    .update(deliveries)
    .set(back)
    .where(
      and(
        eq(deliveries.broadcastId, id),
        eq(deliveries.status, 'failed'),
        inArray(deliveries.reason, [...RETRYABLE_REASONS]),
      ),
    )
    .returning({ id: deliveries.id });
  const unknown = p.includeUnknown
    ? await db
        .update(deliveries)
        .set(back)
        .where(and(eq(deliveries.broadcastId, id), eq(deliveries.status, 'unknown')))
        .returning({ id: deliveries.id })
    : [];
  if (failed.length + unknown.length > 0) {
    await db.update(broadcasts).set({ status: 'sending', finishedAt: null }).where(eq(broadcasts.id, id));
  }
  return { failed: failed.length, unknown: unknown.length };
}
