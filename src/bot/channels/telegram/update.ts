/**
 * Telegram Update -> neutral events, pure and zod-validated: no Fastify, no database. The webhook
 * and long polling both call parseUpdate, so the two modes cannot drift apart.
 *
 * Example (a private text message, anonymised):
 *   {"update_id": 10001, "message": {"message_id": 5, "date": 1767225600,
 *    "chat": {"id": 1001, "type": "private"}, "from": {"id": 1001, "is_bot": false},
 *    "text": "nghỉ thai sản mấy tháng"}}
 * https://core.telegram.org/bots/api#update
 */
import { z } from 'zod';
import type { Inbound } from '../../types.ts';

const chat = z.object({ id: z.number().int(), type: z.string() });
const message = z.object({
  message_id: z.number().int(),
  date: z.number().int(),
  chat,
  text: z.string().optional(),
  location: z
    .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .optional(),
});
const update = z.object({
  update_id: z.number({ error: 'update_id must be an integer' }).int('update_id must be an integer').min(0),
  message: message.optional(),
  edited_message: z.unknown().optional(),
  callback_query: z
    .object({
      id: z.string().min(1),
      from: z.object({ id: z.number().int() }),
      message: message.optional(),
      data: z.string().optional(),
    })
    .optional(),
  my_chat_member: z.object({ chat, new_chat_member: z.object({ status: z.string() }) }).optional(),
});

export type TelegramUpdate = z.infer<typeof update>;

/** A deep-link payload Telegram accepts: 1-64 characters of A-Z, a-z, 0-9, _ and -. */
const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/** What one update means for the bot. */
export type TelegramEvent =
  /** Something to run through the conversation; messageId is the user's message, for erasing. */
  | { kind: 'inbound'; updateId: number; inbound: Inbound; messageId?: number; callbackId?: string }
  /** The user blocked the bot (my_chat_member "kicked" in a private chat). */
  | { kind: 'blocked'; updateId: number; chatId: string }
  /** A message in a group: the bot serves private chats; a /command there gets one polite line. */
  | { kind: 'group'; updateId: number; chatId: string; command: boolean }
  /** Deliberately ignored (edited messages, unblocking, unknown types); answered 200. */
  | { kind: 'ignored'; updateId: number; type: string; callbackId?: string };

export type ParseResult = { ok: true; event: TelegramEvent } | { ok: false; message: string };

/** The update's type, for logs: only the type and the id are ever logged. */
export function updateType(body: Record<string, unknown>): string {
  return Object.keys(body).find((k) => k !== 'update_id') ?? 'empty';
}

function messageEvent(updateId: number, m: z.infer<typeof message>): TelegramEvent {
  const chatId = String(m.chat.id);
  const text = m.text?.trim() ?? '';
  if (m.chat.type !== 'private') return { kind: 'group', updateId, chatId, command: text.startsWith('/') };
  const base = { channel: 'telegram' as const, chatId };
  const event = (inbound: Inbound): TelegramEvent => ({
    kind: 'inbound',
    updateId,
    inbound,
    messageId: m.message_id,
  });
  if (m.location)
    return event({ ...base, kind: 'location', lat: m.location.latitude, lon: m.location.longitude });
  const start = /^\/start(?:@\w+)?(?:\s+(\S+))?\s*$/i.exec(text);
  if (start) {
    const payload = start[1];
    return event(
      payload && START_PAYLOAD.test(payload)
        ? { ...base, kind: 'start', payload }
        : { ...base, kind: 'start' },
    );
  }
  // Stickers, photos and voice notes carry no text: an empty text shows the menu.
  return event({ ...base, kind: 'text', text: m.text ?? '' });
}

/** Parses one update; ok:false only for a body that is not a Telegram update at all (answer 400). */
export function parseUpdate(body: unknown): ParseResult {
  const parsed = update.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, message: `${where}${issue?.message ?? 'not a Telegram update'}` };
  }
  const u = parsed.data;
  const updateId = u.update_id;
  if (u.message) return { ok: true, event: messageEvent(updateId, u.message) };
  if (u.callback_query) {
    const q = u.callback_query;
    const callbackId = q.id;
    if (!q.data || !q.message || q.message.chat.type !== 'private')
      return { ok: true, event: { kind: 'ignored', updateId, type: 'callback_query', callbackId } };
    const inbound: Inbound = {
      channel: 'telegram',
      chatId: String(q.message.chat.id),
      kind: 'action',
      action: q.data,
    };
    return { ok: true, event: { kind: 'inbound', updateId, inbound, callbackId } };
  }
  if (u.my_chat_member) {
    const m = u.my_chat_member;
    if (m.chat.type === 'private' && m.new_chat_member.status === 'kicked')
      return { ok: true, event: { kind: 'blocked', updateId, chatId: String(m.chat.id) } };
    return { ok: true, event: { kind: 'ignored', updateId, type: 'my_chat_member' } };
  }
  return {
    ok: true,
    event: { kind: 'ignored', updateId, type: updateType(body as Record<string, unknown>) },
  };
}
