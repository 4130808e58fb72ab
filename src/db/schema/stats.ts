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

/** Questions the FAQ could not answer, kept without any chat id for 30 days so officers can add answers. */
export const unansweredQuestions = pgTable(
  'unanswered_questions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    text: text('text').notNull(),
    locale: text('locale').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('unanswered_created_idx').on(t.createdAt)],
);
