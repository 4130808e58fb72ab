/**
 * Keyed references to a chat for rows that must not carry its id (the unanswered questions): the
 * HMAC-SHA256 of channel and chat id with the service's own key, so "delete my data" can find the
 * chat's rows while nobody can read the chat back from them without the key. The key is made once,
 * at random, by whichever replica needs it first, and kept in the settings table (no API reads it).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../client.ts';
import { settings } from '../schema/campaigns.ts';
import { getSetting } from './campaigns.ts';

/** The settings key of the chat reference key (the officers' settings API reads only "theme.<year>"). */
export const CHAT_REF_SETTING = 'secret.chat-ref';

/** The key per database handle, read once per process. */
const keys = new WeakMap<Db, Promise<Buffer>>();

async function loadKey(db: Db): Promise<Buffer> {
  // ON CONFLICT DO NOTHING: two replicas starting together keep the first one's key.
  await db
    .insert(settings)
    .values({
      key: CHAT_REF_SETTING,
      value: { key: randomBytes(32).toString('base64') },
      updatedBy: 'service',
    })
    .onConflictDoNothing({ target: settings.key });
  const stored = await getSetting<{ key?: string }>(db, CHAT_REF_SETTING);
  if (!stored?.key) throw new Error(`setting ${CHAT_REF_SETTING} has no key`);
  return Buffer.from(stored.key, 'base64');
}

/**
 * The service's chat reference key. Call it on the database handle itself, outside a transaction, so
 * a key made here is committed before any row refers to it.
 */
export function chatRefKey(db: Db): Promise<Buffer> {
  let key = keys.get(db);
  if (!key) {
    key = loadKey(db);
    keys.set(db, key);
    // A failed read (database down) is tried again next time rather than remembered.
    key.catch(() => keys.delete(db));
  }
  return key;
}

/** The reference of one chat under `key` (64 hex characters). */
export function chatRef(key: Buffer, chat: { channel: string; chatId: string }): string {
  return createHmac('sha256', key).update(`${chat.channel}\n${chat.chatId}`, 'utf8').digest('hex');
}
