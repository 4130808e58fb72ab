/** Conversation state and webhook de-duplication: shared by all replicas through the database. */
import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { SessionState } from '../../bot/types.ts';

export const sessions = pgTable(
  'sessions',
  {
    channel: text('channel').notNull(),
    chatId: text('chat_id').notNull(),
    state: jsonb('state').$type<SessionState>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.chatId] }), index('sessions_updated_idx').on(t.updatedAt)],
);

/** Update ids already handled, so a platform's re-delivery is answered but not handled twice. */
export const processedUpdates = pgTable(
  'processed_updates',
  {
    channel: text('channel').notNull(),
    updateId: text('update_id').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.updateId] }), index('processed_updates_seen_idx').on(t.seenAt)],
);

export type SessionRow = typeof sessions.$inferSelect;
