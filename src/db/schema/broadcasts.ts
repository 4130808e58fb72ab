/**
 * Broadcasts and their deliveries: everything a second replica must see to send each message once.
 * A delivery row is claimed under a lease, marked "sending" just before its API call and resolved
 * after it; a row left "sending" by a dead worker becomes "unknown" (never blindly resent).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { subscribers } from './subscribers.ts';

/** Texts of a message per locale; vi is required, the others fall back to it. */
export type MessageTexts = { vi: string } & Partial<Record<string, string>>;

/** An image or audio clip sent with a broadcast (https URL the platforms fetch). */
export interface BroadcastMedia {
  kind: 'image' | 'audio';
  url: string;
  /** Language spoken in an audio clip (thai, hmong, vi), for officers targeting listeners. */
  lang?: string;
}

/** Who a broadcast goes to; every list empty or absent means "everyone subscribed". */
export interface Audience {
  channels?: string[];
  units?: string[];
  formerDistricts?: string[];
  locales?: string[];
}

export type BroadcastStatus = 'draft' | 'awaiting_approval' | 'scheduled' | 'sending' | 'done' | 'cancelled';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'unknown';

export const broadcasts = pgTable(
  'broadcasts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    status: text('status').$type<BroadcastStatus>().notNull().default('draft'),
    message: jsonb('message').$type<MessageTexts>().notNull(),
    media: jsonb('media').$type<BroadcastMedia>(),
    audience: jsonb('audience').$type<Audience>().notNull(),
    /** When it may start (null = as soon as it is sent); quiet hours still hold it until morning. */
    sendAt: timestamp('send_at', { withTimezone: true }),
    /** Telegram paid broadcast mode (allow_paid_broadcast): an officer's choice per broadcast. */
    paid: boolean('paid').notNull().default(false),
    /** The campaign occurrence it was fired from; unique, so an occurrence fires once across replicas. */
    occurrenceId: bigint('occurrence_id', { mode: 'number' }),
    /** Recipients when the audience was expanded into deliveries. */
    total: integer('total').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    cancelledBy: text('cancelled_by'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('broadcasts_occurrence_uq').on(t.occurrenceId),
    index('broadcasts_active_idx').on(t.status, t.sendAt).where(sql`${t.status} in ('scheduled', 'sending')`),
  ],
);

export const deliveries = pgTable(
  'deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    broadcastId: bigint('broadcast_id', { mode: 'number' })
      .notNull()
      .references(() => broadcasts.id, { onDelete: 'cascade' }),
    /** Set null when the subscriber deletes their data: nothing then links them to the broadcast. */
    subscriberId: bigint('subscriber_id', { mode: 'number' }).references(() => subscribers.id, {
      onDelete: 'set null',
    }),
    /** Channel, locale and unit copied at expansion, for progress and the reports by area. */
    channel: text('channel').notNull(),
    locale: text('locale').notNull(),
    unit: text('unit'),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    /** failed: the platform's code or class; skipped: why (cancelled, quiet, promotion_daily_cap…). */
    reason: text('reason'),
    /** How it went out where the platform distinguishes (Zalo OA free_reply / promotion, Telegram paid). */
    sentAs: text('sent_as'),
    attempts: integer('attempts').notNull().default(0),
    /** Not to be tried before this time (a 429 or a per-day cap). */
    notBefore: timestamp('not_before', { withTimezone: true }),
    /** The worker holding the row and until when; an expired lease lets another worker take it. */
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deliveries_broadcast_subscriber_uq').on(t.broadcastId, t.subscriberId),
    index('deliveries_broadcast_status_idx').on(t.broadcastId, t.status),
    index('deliveries_sending_idx').on(t.leaseOwner).where(sql`${t.status} = 'sending'`),
  ],
);

/** Live delivery workers: a row left "sending" by a worker whose heartbeat stopped is "unknown". */
export const deliveryWorkers = pgTable('delivery_workers', {
  id: text('id').primaryKey(),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull(),
});

/**
 * Shared rate limiters and pauses, one row per key ("telegram", "telegram:paid", "zalo-oa"…): the
 * theoretical arrival time of the next permitted send (GCRA) and the end of a platform's 429 pause.
 */
export const channelLimits = pgTable('channel_limits', {
  key: text('key').primaryKey(),
  nextAt: timestamp('next_at', { withTimezone: true }).notNull(),
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
});

export type BroadcastRow = typeof broadcasts.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;
