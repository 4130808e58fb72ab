/**
 * The campaign calendar as rows officers can edit: each year's occurrences (materialised from the
 * calendar data), their approval, officers' notices (reminders) and settings such as the year's theme.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Audience, BroadcastMedia, MessageTexts } from './broadcasts.ts';

export type OccurrenceStatus = 'pending' | 'approved' | 'disabled' | 'fired' | 'missed';

export const campaignOccurrences = pgTable(
  'campaign_occurrences',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** "<campaign>:<YYYY-MM-DD>" for calendar rows, "custom:<uuid>" for officers' own. */
    key: text('key').notNull(),
    /** The calendar entry it comes from (null when an officer added it). */
    campaign: text('campaign'),
    /** Local date and time (TIMEZONE) it is due, and the instant that makes. */
    date: date('date', { mode: 'string' }).notNull(),
    time: text('time').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    message: jsonb('message').$type<MessageTexts>().notNull(),
    media: jsonb('media').$type<BroadcastMedia>(),
    audience: jsonb('audience').$type<Audience>().notNull().default({}),
    status: text('status').$type<OccurrenceStatus>().notNull().default('pending'),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    firedAt: timestamp('fired_at', { withTimezone: true }),
    broadcastId: bigint('broadcast_id', { mode: 'number' }),
    updatedBy: text('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * Actor ids of everyone who wrote any field (create, edit) since the last approval; approving
     * empties it. Four eyes: none of them may approve it.
     */
    writers: text('writers').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    uniqueIndex('campaign_occurrences_key_uq').on(t.key),
    index('campaign_occurrences_due_idx').on(t.dueAt).where(sql`${t.status} in ('pending', 'approved')`),
  ],
);

/** Reminders for officers (approval due, report deadlines, quarterly target), each made once. */
export const officerNotices = pgTable(
  'officer_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When officers' own chats were messaged about it. */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('officer_notices_key_uq').on(t.key)],
);

/** Officers' settings (the year's theme, quiet hours): small JSON values by key. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedBy: text('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One-time codes an officer types in a chat ("/officer CODE") to get officers' reminders there. */
export const officerLinkCodes = pgTable('officer_link_codes', {
  codeHash: text('code_hash').primaryKey(),
  createdBy: text('created_by').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Who did what to broadcasts, occurrences and settings; no message text, no chat ids. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);

export type OccurrenceRow = typeof campaignOccurrences.$inferSelect;
export type NoticeRow = typeof officerNotices.$inferSelect;
