/** Telegram message ids for "erase this chat": recorded on every message, kept 48 hours at most. */
import { and, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { telegramMessages } from '../schema/telegram.ts';

/** Remembers message ids of one chat (the user's and the bot's); a repeat is ignored. */
export async function recordMessages(db: Db, chatId: string, messageIds: number[], now: Date) {
  if (messageIds.length === 0) return;
  await db
    .insert(telegramMessages)
    .values(messageIds.map((messageId) => ({ chatId, messageId, sentAt: now })))
    .onConflictDoNothing();
}

/**
 * Takes the ids of one chat's messages sent since a time and forgets all of the chat's ids, in one
 * statement, so two erase requests never delete the same message twice.
 */
export async function takeMessages(db: Db, chatId: string, since: Date): Promise<number[]> {
  const rows = await db
    .delete(telegramMessages)
    .where(eq(telegramMessages.chatId, chatId))
    .returning({ messageId: telegramMessages.messageId, sentAt: telegramMessages.sentAt });
  return rows
    .filter((r) => r.sentAt >= since)
    .map((r) => r.messageId)
    .sort((a, b) => a - b);
}

/** Forgets every message id of one chat (the resident deleted her data). */
export async function forgetChat(db: Db, chatId: string) {
  await db.delete(telegramMessages).where(eq(telegramMessages.chatId, chatId));
}

/** Message ids of one chat newer than a time, oldest first (for tests and diagnostics). */
export async function messagesSince(db: Db, chatId: string, since: Date): Promise<number[]> {
  const rows = await db
    .select({ messageId: telegramMessages.messageId })
    .from(telegramMessages)
    .where(and(eq(telegramMessages.chatId, chatId), gte(telegramMessages.sentAt, since)))
    .orderBy(telegramMessages.messageId);
  return rows.map((r) => r.messageId);
}

/** Removes ids older than the retention (Telegram cannot delete them any more anyway). */
export async function purgeMessages(db: Db, before: Date) {
  await db.delete(telegramMessages).where(lt(telegramMessages.sentAt, before));
}
