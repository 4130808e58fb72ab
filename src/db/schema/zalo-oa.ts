/**
 * Zalo Official Account state every replica must share: the OAuth token pair (single-use refresh
 * tokens: losing the current one cuts the OA off), the inbox of accepted webhook events not yet
 * handled, and the counters of the platform's send rules (free replies, proactive quota, promotions).
 */
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Inbound } from '../../bot/types.ts';

/** The one current token pair (id = 1); secrets: never logged, never returned by any API. */
export const zaloOaTokens = pgTable('zalo_oa_tokens', {
  id: integer('id').primaryKey(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token'),
  /** When the access token stops working (an env-seeded token's expiry is unknown: seeded as now). */
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An event accepted by the webhook (answered 200) and not yet handled; the row is deleted once handled. */
export const zaloOaInbox = pgTable('zalo_oa_inbox', {
  eventId: text('event_id').primaryKey(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  /** The neutral inbound plus the user's message id (for quoting); holds the text only until handled. */
  event: jsonb('event').$type<{ inbound: Inbound; msgId?: string }>().notNull(),
  attempts: integer('attempts').notNull().default(0),
  /** A worker's lease: another replica takes the row only after it has passed (crash recovery). */
  lockedUntil: timestamp('locked_until', { withTimezone: true }).notNull().defaultNow(),
});

/** Per follower: the reply window and promotion counters the platform enforces (docs/SOURCES.md). */
export const zaloOaChats = pgTable('zalo_oa_chats', {
  chatId: text('chat_id').primaryKey(),
  lastUserAt: timestamp('last_user_at', { withTimezone: true }),
  lastUserMsgId: text('last_user_msg_id'),
  /** Free replies sent since the user's last message (at most 8 within 48 h). */
  repliesSince: integer('replies_since').notNull().default(0),
  /** Promotion counters: day as YYYY-MM-DD and month as YYYY-MM in Viet Nam time. */
  promoDay: text('promo_day'),
  promoDayCount: integer('promo_day_count').notNull().default(0),
  promoMonth: text('promo_month'),
  promoMonthCount: integer('promo_month_count').notNull().default(0),
  /** Set on unfollow or a "not following" answer; cleared when the user writes or follows again. */
  goneAt: timestamp('gone_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Proactive messages sent per month (YYYY-MM, Viet Nam time) against ZALO_OA_PROACTIVE_QUOTA. */
export const zaloOaQuota = pgTable('zalo_oa_quota', {
  month: text('month').primaryKey(),
  proactive: integer('proactive').notNull().default(0),
});

export type ZaloOaChatRow = typeof zaloOaChats.$inferSelect;
export type ZaloOaTokenRow = typeof zaloOaTokens.$inferSelect;
