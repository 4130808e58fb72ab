/** Subscriber rows: created on subscribe, updated on language/area changes, removed on delete. */
import { and, eq, sql } from 'drizzle-orm';
import type { Locale } from '../../content/types.ts';
import type { Db } from '../client.ts';
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

/** Updates language and/or area of an existing subscriber; no row is created. */
export async function updateSubscriber(
  db: Db,
  k: ChatKey,
  p: { locale?: Locale; unit?: string | null; now: Date },
) {
  const set: Partial<SubscriberRow> = { lastSeenAt: p.now };
  if (p.locale) set.locale = p.locale;
  if (p.unit !== undefined) set.unit = p.unit;
  await db.update(subscribers).set(set).where(byChat(k));
}

/** Deletes the subscriber row of a chat. */
export async function deleteSubscriber(db: Db, k: ChatKey) {
  await db.delete(subscribers).where(byChat(k));
}
