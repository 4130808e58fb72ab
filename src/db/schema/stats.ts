/** Anonymous figures for the province's reports: no chat id, no time finer than the day. */
import { bigserial, date, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const statEvents = pgTable(
  'stat_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    day: date('day', { mode: 'string' }).notNull(),
    channel: text('channel').notNull(),
    unit: text('unit'),
    kind: text('kind').notNull(),
    faqNode: text('faq_node'),
    /** Referrals: the kinds of place listed, comma-separated (never a name, address or number). */
    detail: text('detail'),
  },
  (t) => [index('stat_events_day_kind_idx').on(t.day, t.kind)],
);

/**
 * Questions the FAQ could not answer, kept for 30 days so officers can add answers: names and
 * numbers masked, no chat id. Officers see those of their communes/wards (unit).
 */
export const unansweredQuestions = pgTable(
  'unanswered_questions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    text: text('text').notNull(),
    locale: text('locale').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The commune/ward the chat had chosen, if any (null: only province-wide accounts see it). */
    unit: text('unit'),
    /**
     * A keyed hash of the chat (HMAC-SHA256 of channel and chat id with the service's own key), so
     * the chat's "delete my data" removes its questions; the chat id cannot be read back from it.
     */
    chatRef: text('chat_ref'),
  },
  (t) => [index('unanswered_created_idx').on(t.createdAt), index('unanswered_chat_ref_idx').on(t.chatRef)],
);
