/**
 * The send rules against the database: canSend answers the broadcast engine without counting;
 * reserveSend decides and counts in one transaction (the chat row locked), so two replicas sending
 * to one follower never both take her 8th free reply; releaseSend gives the count back when the
 * platform refused the message (Zalo counts only what it delivered).
 */
import type { Db } from '../../../db/client.ts';
import { countSend, getChat, lockChatRow, proactiveUsed } from '../../../db/queries/zalo-oa.ts';
import {
  DEFAULT_LIMITS,
  decideSend,
  type SendAs,
  type SendDecision,
  type SendKind,
  type SendLimits,
  zaloDay,
} from './window.ts';

/** Can this chat be sent a message of this kind now, and as what (free reply, proactive, promotion)? */
export async function canSend(
  db: Db,
  chatId: string,
  now: Date,
  kind: SendKind,
  limits: SendLimits = DEFAULT_LIMITS,
): Promise<SendDecision> {
  const row = await getChat(db, chatId);
  return decideSend(row, await proactiveUsed(db, zaloDay(now).month), now, kind, limits);
}

/** A reserved send: how it goes out, and the user's message id a free reply quotes. */
export type Reservation = SendDecision & { quote?: string };

/** Decides and counts one message in a transaction; nothing is counted when it may not be sent. */
export async function reserveSend(
  db: Db,
  chatId: string,
  now: Date,
  kind: SendKind,
  limits: SendLimits = DEFAULT_LIMITS,
): Promise<Reservation> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const row = await lockChatRow(t, chatId);
    const { day, month } = zaloDay(now);
    const decision = decideSend(row, await proactiveUsed(t, month), now, kind, limits);
    if (!decision.ok) return decision;
    await countSend(t, chatId, decision.as, 1, { day, month, now });
    const quote = decision.as === 'free_reply' ? (row?.lastUserMsgId ?? undefined) : undefined;
    return { ...decision, quote };
  });
}

/** Gives back a reserved count after the platform refused the message. */
export async function releaseSend(db: Db, chatId: string, as: SendAs, now: Date): Promise<void> {
  const { day, month } = zaloDay(now);
  await countSend(db, chatId, as, -1, { day, month, now });
}
