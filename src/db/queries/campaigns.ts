/**
 * Campaign occurrences, officers' settings (the year's theme), notices and one-time officer link
 * codes. Every state change is a conditional UPDATE, so two replicas or two officers never both win.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { and, asc, eq, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { CalendarOccurrence } from '../../bot/broadcast/calendar.ts';
import type { Db } from '../client.ts';
import { type Audience, type BroadcastMedia, broadcasts, type MessageTexts } from '../schema/broadcasts.ts';
import {
  campaignOccurrences,
  type NoticeRow,
  type OccurrenceRow,
  type OccurrenceStatus,
  officerLinkCodes,
  officerNotices,
  settings,
} from '../schema/campaigns.ts';
import { subscribers } from '../schema/subscribers.ts';
import { officerCodeHash } from './subscribers.ts';

/** Inserts calendar occurrences not there yet (by key); returns how many were new. */
export async function materialiseOccurrences(db: Db, list: CalendarOccurrence[], now: Date): Promise<number> {
  if (list.length === 0) return 0;
  const rows = await db
    .insert(campaignOccurrences)
    .values(
      list.map((o) => ({
        key: o.key,
        campaign: o.campaign.id,
        date: o.date,
        time: o.time,
        dueAt: o.dueAt,
        message: o.campaign.message as MessageTexts,
        audience: o.campaign.audience as Audience,
        updatedBy: 'calendar',
        updatedAt: now,
      })),
    )
    .onConflictDoNothing({ target: campaignOccurrences.key })
    .returning({ id: campaignOccurrences.id });
  return rows.length;
}

/** Occurrences of one year by due time. */
export async function listOccurrences(db: Db, year: number): Promise<OccurrenceRow[]> {
  return db
    .select()
    .from(campaignOccurrences)
    .where(
      and(gte(campaignOccurrences.date, `${year}-01-01`), lte(campaignOccurrences.date, `${year}-12-31`)),
    )
    .orderBy(asc(campaignOccurrences.dueAt), asc(campaignOccurrences.id));
}

export async function getOccurrence(db: Db, id: number, lock = false): Promise<OccurrenceRow | undefined> {
  const q = db.select().from(campaignOccurrences).where(eq(campaignOccurrences.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export interface OccurrenceFields {
  date: string;
  time: string;
  dueAt: Date;
  message: MessageTexts;
  media?: BroadcastMedia | null;
  audience: Audience;
}

/** An officer's own occurrence (key "custom:<uuid>"), pending approval. */
export async function addCustomOccurrence(
  db: Db,
  f: OccurrenceFields & { by: string; now: Date },
): Promise<OccurrenceRow> {
  const [row] = await db
    .insert(campaignOccurrences)
    .values({
      ...f,
      key: `custom:${randomUUID()}`,
      media: f.media ?? null,
      writers: [f.by],
      updatedBy: f.by,
      updatedAt: f.now,
    })
    .returning();
  return row as OccurrenceRow;
}

/** Moves an occurrence from one of `from` to `to` with extra fields; undefined when it was not in `from`. */
export async function setOccurrence(
  db: Db,
  id: number,
  from: OccurrenceStatus[],
  set: PgUpdateSetSource<typeof campaignOccurrences>,
): Promise<OccurrenceRow | undefined> {
  const [row] = await db
    .update(campaignOccurrences)
    .set(set)
    .where(and(eq(campaignOccurrences.id, id), inArray(campaignOccurrences.status, from)))
    .returning();
  return row;
}

/**
 * An edit: the editor joins the occurrence's writers (who may not approve it), and an approved
 * occurrence goes back to pending (what was approved is no longer what goes out).
 */
export async function editOccurrence(
  db: Db,
  id: number,
  patch: Partial<OccurrenceFields>,
  by: string,
  now: Date,
): Promise<OccurrenceRow | undefined> {
  const w = campaignOccurrences.writers;
  const writers = sql`case when ${by} = any(${w}) then ${w} else array_append(${w}, ${by}::text) end`;
  const base = { ...patch, writers, updatedBy: by, updatedAt: now };
  const back = { status: 'pending' as const, approvedBy: null, approvedAt: null };
  return (
    (await setOccurrence(db, id, ['approved'], { ...base, ...back })) ??
    (await setOccurrence(db, id, ['pending', 'disabled'], base))
  );
}

/** Approved, not yet fired occurrences due by now (the scheduler decides which may still fire). */
export async function dueOccurrences(db: Db, now: Date): Promise<OccurrenceRow[]> {
  return db
    .select()
    .from(campaignOccurrences)
    .where(and(eq(campaignOccurrences.status, 'approved'), lte(campaignOccurrences.dueAt, now)))
    .orderBy(asc(campaignOccurrences.dueAt));
}

/** Pending and approved occurrences whose local day is before today become missed; returns them. */
export async function markMissed(db: Db, today: string, now: Date): Promise<OccurrenceRow[]> {
  return db
    .update(campaignOccurrences)
    .set({ status: 'missed', updatedBy: 'calendar', updatedAt: now })
    .where(
      and(inArray(campaignOccurrences.status, ['pending', 'approved']), lt(campaignOccurrences.date, today)),
    )
    .returning();
}

/** Pending occurrences on local dates from..to (inclusive), for approval reminders. */
export async function pendingBetween(db: Db, from: string, to: string): Promise<OccurrenceRow[]> {
  return db
    .select()
    .from(campaignOccurrences)
    .where(
      and(
        eq(campaignOccurrences.status, 'pending'),
        gte(campaignOccurrences.date, from),
        lte(campaignOccurrences.date, to),
      ),
    )
    .orderBy(asc(campaignOccurrences.dueAt));
}

export async function getSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row?.value as T | undefined;
}

export async function setSetting(db: Db, key: string, value: unknown, by: string, now: Date): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value, updatedBy: by, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: by, updatedAt: now } });
}

/** The year's theme per locale (setting "theme.<year>"). */
export type Theme = { vi: string } & Partial<Record<string, string>>;
export const themeKey = (year: number) => `theme.${year}`;

/** Inserts a notice once by key; returns it when new. */
export async function insertNotice(
  db: Db,
  n: { key: string; kind: string; dueDate: string; data: Record<string, unknown>; now: Date },
): Promise<NoticeRow | undefined> {
  const [row] = await db
    .insert(officerNotices)
    .values({ key: n.key, kind: n.kind, dueDate: n.dueDate, data: n.data, createdAt: n.now })
    .onConflictDoNothing({ target: officerNotices.key })
    .returning();
  return row;
}

export async function noticeExists(db: Db, key: string): Promise<boolean> {
  const [row] = await db
    .select({ id: officerNotices.id })
    .from(officerNotices)
    .where(eq(officerNotices.key, key));
  return row !== undefined;
}

/** Notices not dismissed, by due date. */
export async function openNotices(db: Db): Promise<NoticeRow[]> {
  return db
    .select()
    .from(officerNotices)
    .where(isNull(officerNotices.dismissedAt))
    .orderBy(asc(officerNotices.dueDate), asc(officerNotices.id));
}

/** Dismisses a notice (a second dismissal keeps the first time); undefined when there is none. */
export async function dismissNotice(db: Db, id: number, now: Date): Promise<NoticeRow | undefined> {
  const [row] = await db
    .update(officerNotices)
    .set({ dismissedAt: now })
    .where(and(eq(officerNotices.id, id), isNull(officerNotices.dismissedAt)))
    .returning();
  if (row) return row;
  const [existing] = await db.select().from(officerNotices).where(eq(officerNotices.id, id));
  return existing;
}

/** Claims the open notices not yet sent to officers' chats (sent_at set now): one replica wins each. */
export async function claimUnsentNotices(db: Db, now: Date): Promise<NoticeRow[]> {
  return db
    .update(officerNotices)
    .set({ sentAt: now })
    .where(and(isNull(officerNotices.sentAt), isNull(officerNotices.dismissedAt)))
    .returning();
}

/** Chats linked as officers' own (they get the notices). */
export async function officerChats(db: Db) {
  return db
    .select({ channel: subscribers.channel, chatId: subscribers.chatId, locale: subscribers.locale })
    .from(subscribers)
    .where(eq(subscribers.officer, true));
}

/** No 0/O or 1/I/L: a code read aloud or typed on a phone is not misread. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * A one-time officer link code, valid 24 h, shown once: only its hash is stored. Ten characters
 * (about 50 bits) in two groups, always with a digit so the chat reads it as a code.
 */
export async function createOfficerLinkCode(db: Db, by: string, now: Date) {
  let raw = '';
  while (!/\d/.test(raw)) raw = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(31)]).join('');
  const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
  const expiresAt = new Date(now.getTime() + 24 * 3600 * 1000);
  await db.insert(officerLinkCodes).values({ codeHash: officerCodeHash(code), createdBy: by, expiresAt });
  return { code, expiresAt };
}

/** Audiences of the broadcasts that went out (sending or done) between two instants. */
export async function audiencesSentBetween(db: Db, from: Date, to: Date): Promise<Audience[]> {
  const at = sql`coalesce(${broadcasts.startedAt}, ${broadcasts.sendAt}, ${broadcasts.createdAt})`;
  const rows = await db
    .select({ audience: broadcasts.audience })
    .from(broadcasts)
    .where(
      and(
        inArray(broadcasts.status, ['sending', 'done']),
        sql`${at} >= ${from.toISOString()}::timestamptz`,
        sql`${at} < ${to.toISOString()}::timestamptz`,
      ),
    );
  return rows.map((r) => r.audience);
}
