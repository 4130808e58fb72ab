/**
 * Telegram message ids of the last 48 hours, kept only so "erase this chat" can delete them
 * (Telegram lets bots delete messages under 48 h old). No text, nothing else about the chat.
 */
import { bigint, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const telegramMessages = pgTable(
  'telegram_messages',
  {
    chatId: text('chat_id').notNull(),
    messageId: bigint('message_id', { mode: 'number' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.messageId] }), index('telegram_messages_sent_idx').on(t.sentAt)],
);
