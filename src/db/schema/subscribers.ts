/** Who receives messages: the least needed to reach a chat, nothing that names a person. */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const subscribers = pgTable(
  'subscribers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    chatId: text('chat_id').notNull(),
    locale: text('locale').notNull().default('vi'),
    /** Commune/ward name (after 1/7/2025); null = province-wide. */
    unit: text('unit'),
    /** A language the subscriber prefers to hear (audio clips in thai or hmong); texts stay in locale. */
    hearLang: text('hear_lang'),
    /** Linked as an officer's own chat (one-time code): gets officers' reminders too. */
    officer: boolean('officer').notNull().default(false),
    subscribed: boolean('subscribed').notNull().default(false),
    consentAt: timestamp('consent_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('subscribers_channel_chat_uq').on(t.channel, t.chatId),
    index('subscribers_audience_idx').on(t.subscribed, t.channel, t.unit).where(sql`${t.subscribed}`),
  ],
);

export type SubscriberRow = typeof subscribers.$inferSelect;
