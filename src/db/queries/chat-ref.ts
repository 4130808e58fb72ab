/**
 * Keyed references to a chat for rows that must not carry its id (the unanswered questions): the
 * HMAC-SHA256 of channel and chat id with the service's own key, so "delete my data" can find the
 * chat's rows while nobody can read the chat back from them without the key. The key is made once,
 * at random, by whichever replica needs it first, and kept in server_keys (no API reads it).
 */
import { createHmac } from 'node:crypto';
import type { Db } from '../client.ts';
import { serverKey } from './server-keys.ts';

/**
 * The service's chat reference key. Call it on the database handle itself, outside a transaction, so
 * a key made here is committed before any row refers to it.
 */
export function chatRefKey(db: Db): Promise<Buffer> {
  return serverKey(db, 'chat-ref');
}

/** The reference of one chat under `key` (64 hex characters). */
export function chatRef(key: Buffer, chat: { channel: string; chatId: string }): string {
  return createHmac('sha256', key).update(`${chat.channel}\n${chat.chatId}`, 'utf8').digest('hex');
}
