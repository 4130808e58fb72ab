/** Sessions and processed update ids: the conversation state every replica must see. */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { SessionState } from '../../bot/types.ts';
import type { Db } from '../client.ts';
import { processedUpdates, sessions } from '../schema/conversation.ts';
import type { ChatKey } from './subscribers.ts';

const byChat = (k: ChatKey) => and(eq(sessions.channel, k.channel), eq(sessions.chatId, k.chatId));

/** Serialises turns of one chat across replicas until the transaction ends. */
export async function lockChat(db: Db, k: ChatKey) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`${k.channel}|${k.chatId}`}))`);
}

/** The stored session of a chat, or null when there is none. */
export async function getSession(db: Db, k: ChatKey): Promise<SessionState | null> {
  const [row] = await db.select({ state: sessions.state }).from(sessions).where(byChat(k)).limit(1);
  return row?.state ?? null;
}

/** Saves the session of a chat (insert or replace). */
export async function saveSession(db: Db, k: ChatKey, state: SessionState, now: Date) {
  await db
    .insert(sessions)
    .values({ ...k, state, updatedAt: now })
    .onConflictDoUpdate({ target: [sessions.channel, sessions.chatId], set: { state, updatedAt: now } });
}

/** Deletes the session of a chat. */
export async function deleteSession(db: Db, k: ChatKey) {
  await db.delete(sessions).where(byChat(k));
}

/**
 * Records an update id; false when it was recorded before (a re-delivery), so the caller answers
 * but does not handle it again. Inside the turn's transaction, a failed turn releases the claim.
 */
export async function claimUpdate(db: Db, channel: string, updateId: string, now: Date): Promise<boolean> {
  const rows = await db
    .insert(processedUpdates)
    .values({ channel, updateId, seenAt: now })
    .onConflictDoNothing()
    .returning({ updateId: processedUpdates.updateId });
  return rows.length === 1;
}

/** Removes sessions and update ids older than their retention. */
export async function purgeConversation(db: Db, p: { sessionsBefore: Date; updatesBefore: Date }) {
  await db.delete(sessions).where(lt(sessions.updatedAt, p.sessionsBefore));
  await db.delete(processedUpdates).where(lt(processedUpdates.seenAt, p.updatesBefore));
}
