/**
 * Subscriber rows: created on subscribe (or when an officer links a chat), updated on language, area
 * and officer changes, removed on delete. Also the one-time officer codes that link a chat.
 */
import { createHash } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { HearLang } from '../../bot/broadcast/audience.ts';
import type { Locale } from '../../content/types.ts';
import type { Db } from '../client.ts';
import { officerLinkCodes } from '../schema/campaigns.ts';
import { type SubscriberRow, subscribers } from '../schema/subscribers.ts';

export interface ChatKey {
  channel: string;
  chatId: string;
}

const byChat = (k: ChatKey) => and(eq(subscribers.channel, k.channel), eq(subscribers.chatId, k.chatId));

/** The subscriber of a chat, or undefined when the chat never subscribed. */
export async function getSubscriber(db: Db, k: ChatKey): Promise<SubscriberRow | undefined> {
  const [row] = await db.select().from(subscribers).where(byChat(k)).limit(1);
  return row;
}

/** Subscribes a chat (creating its row), recording the time of consent. */
export async function subscribe(db: Db, k: ChatKey, p: { locale: Locale; unit: string | null; now: Date }) {
  await db
    .insert(subscribers)
    .values({ ...k, locale: p.locale, unit: p.unit, subscribed: true, consentAt: p.now, lastSeenAt: p.now })
    .onConflictDoUpdate({
      target: [subscribers.channel, subscribers.chatId],
      set: {
        subscribed: true,
        locale: p.locale,
        unit: sql`coalesce(${p.unit}::text, ${subscribers.unit})`,
        consentAt: p.now,
        unsubscribedAt: null,
        lastSeenAt: p.now,
      },
    });
}

/** Stops messages to a chat but keeps its language and area until the resident deletes them. */
export async function unsubscribe(db: Db, k: ChatKey, now: Date) {
  await db
    .update(subscribers)
    .set({ subscribed: false, unsubscribedAt: now, lastSeenAt: now })
    .where(byChat(k));
}

/** Updates language, area, listening language or officer link of an existing row; none is created. */
export async function updateSubscriber(
  db: Db,
  k: ChatKey,
  p: { locale?: Locale; unit?: string | null; hearLang?: HearLang | null; officer?: boolean; now: Date },
) {
  const set: Partial<SubscriberRow> = { lastSeenAt: p.now };
  if (p.locale) set.locale = p.locale;
  if (p.unit !== undefined) set.unit = p.unit;
  if (p.hearLang !== undefined) set.hearLang = p.hearLang;
  if (p.officer !== undefined) set.officer = p.officer;
  await db.update(subscribers).set(set).where(byChat(k));
}

/** Marks a chat as an officer's own chat, creating its row unsubscribed when it has none. */
export async function linkOfficer(db: Db, k: ChatKey, p: { locale: Locale; now: Date }) {
  await db
    .insert(subscribers)
    .values({ ...k, locale: p.locale, officer: true, subscribed: false, lastSeenAt: p.now })
    .onConflictDoUpdate({
      target: [subscribers.channel, subscribers.chatId],
      set: { officer: true, lastSeenAt: p.now },
    });
}

/**
 * The form a one-time officer code is hashed in: upper case, without spaces or hyphens, so
 * "k7p4-qx2m" typed on a phone matches "K7P4-QX2M" shown in the console. Codes are stored only as
 * officerCodeHash(code); whoever makes them must hash with this function.
 */
export function officerCodeHash(code: string): string {
  return sha256(code.replace(/[\s-]+/g, '').toUpperCase());
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Uses up a one-time officer code: deletes its row if it is there and unexpired, in the caller's
 * transaction, so two chats typing it at once cannot both win. Returns who made it, or undefined.
 * Also accepts a row hashed from the code exactly as shown, whatever its form.
 */
export async function consumeOfficerCode(db: Db, code: string, now: Date): Promise<string | undefined> {
  const hashes = [...new Set([officerCodeHash(code), sha256(code.trim())])];
  const [row] = await db
    .delete(officerLinkCodes)
    .where(and(inArray(officerLinkCodes.codeHash, hashes), gt(officerLinkCodes.expiresAt, now)))
    .returning({ createdBy: officerLinkCodes.createdBy });
  return row?.createdBy;
}

/** Deletes the subscriber row of a chat. */
export async function deleteSubscriber(db: Db, k: ChatKey) {
  await db.delete(subscribers).where(byChat(k));
}
