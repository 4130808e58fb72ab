/**
 * A recipient who blocked the bot (Telegram 403 or my_chat_member "kicked", Zalo unfollow) has
 * left: stop sending to them. Their language and area stay until they delete their data.
 */
import type { Database } from '../db/client.ts';
import { getSubscriber, unsubscribe } from '../db/queries/subscribers.ts';
import type { ChannelName } from './types.ts';

/** Marks the chat's subscriber unsubscribed; true when a subscription was ended. */
export async function markRecipientGone(
  database: Database,
  channel: ChannelName,
  chatId: string,
  now: Date,
): Promise<boolean> {
  const key = { channel, chatId };
  const row = await getSubscriber(database.db, key);
  if (!row?.subscribed) return false;
  await unsubscribe(database.db, key, now);
  return true;
}
