/**
 * Zalo Bot Platform update -> neutral event, pure and zod-validated: no Fastify, no database. The
 * webhook and getUpdates polling both call parseZaloBotUpdate, so the two modes cannot drift apart.
 *
 * Example (a private text message, anonymised; ids are strings and date is in milliseconds):
 *   {"ok": true, "result": {"event_name": "message.text.received", "message": {
 *    "chat": {"id": "a1b2c3", "chat_type": "PRIVATE"}, "from": {"id": "a1b2c3"},
 *    "text": "nghỉ thai sản mấy tháng", "message_id": "9f8e7d", "date": 1767225600000}}}
 * https://bot.zaloplatforms.com/docs (getUpdates, Webhook)
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Inbound } from '../../types.ts';

/** Events that carry a user's message; text is read, the others show the menu. */
export const TEXT_EVENT = 'message.text.received';
const MESSAGE_EVENTS = new Set([
  TEXT_EVENT,
  'message.image.received',
  'message.sticker.received',
  'message.voice.received',
  'message.unsupported.received',
]);
/** chat_type of a one-to-one chat with the bot. */
const PRIVATE = 'PRIVATE';

const id = z
  .union([z.string().trim().min(1).max(128), z.number().int()], { error: 'must be a string id' })
  .transform(String);
const message = z.object({
  message_id: id.optional(),
  date: z.number({ error: 'date must be a number' }).int().nonnegative(),
  chat: z.object({ id, chat_type: z.string().optional() }, { error: 'chat is required' }),
  from: z.object({ id }).optional(),
  text: z.string().optional(),
});
const update = z
  .object({
    event_name: z.string({ error: 'event_name must be a string' }).min(1).optional(),
    message: z.unknown().optional(),
  })
  .refine((u) => u.event_name !== undefined || u.message !== undefined, 'event_name is required');

/** What one update means for the bot; key is the update's id for the database dedupe. */
export type ZaloBotEvent =
  | { kind: 'inbound'; key: string; inbound: Inbound }
  /** A message in a group chat: the bot serves private chats; a /command there gets one polite line. */
  | { kind: 'group'; key: string; chatId: string; command: boolean }
  /** Deliberately ignored (unknown event types); answered 200. */
  | { kind: 'ignored'; event: string };

/** The parse outcome: an event, or the one-line reason the webhook answers 400 with. */
export type ZaloBotParseResult = { ok: true; event: ZaloBotEvent } | { ok: false; message: string };

/**
 * The dedupe key: the platform's message_id, or (when an event has none) a hash of event, chat and
 * date, so the key never holds the chat id in the clear (delete my data leaves no row with it).
 */
export function updateKey(event: string, m: z.infer<typeof message>): string {
  if (m.message_id) return m.message_id;
  const digest = createHash('sha256').update(`${event}\n${m.chat.id}\n${m.date}`).digest('base64url');
  return `h:${digest.slice(0, 32)}`;
}

function problem(error: z.ZodError, fallback: string): ZaloBotParseResult {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, message: `${where}${issue?.message ?? fallback}` };
}

/** The update inside the webhook's {ok, result} envelope (getUpdates gives the same shape). */
function unwrap(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && 'result' in body)
    return (body as { result: unknown }).result;
  return body;
}

/** Parses one update; ok:false only for a body that is not a Zalo Bot update at all (answer 400). */
export function parseZaloBotUpdate(body: unknown): ZaloBotParseResult {
  const parsed = update.safeParse(unwrap(body));
  if (!parsed.success) return problem(parsed.error, 'not a Zalo Bot update');
  // The documented getUpdates sample has a message and no event_name: read it by its content.
  const event =
    parsed.data.event_name ??
    (typeof (parsed.data.message as { text?: unknown } | null)?.text === 'string'
      ? TEXT_EVENT
      : 'message.unsupported.received');
  if (!MESSAGE_EVENTS.has(event)) return { ok: true, event: { kind: 'ignored', event } };
  const m = message.safeParse(parsed.data.message);
  if (!m.success) {
    const issue = m.error.issues[0];
    const where = ['message', ...(issue?.path ?? [])].join('.');
    return { ok: false, message: `${where}: ${issue?.message ?? 'invalid message'}` };
  }
  const key = updateKey(event, m.data);
  const chatId = m.data.chat.id;
  // Stickers, photos and voice notes carry no text: an empty text shows the menu.
  const text = event === TEXT_EVENT ? (m.data.text ?? '') : '';
  if ((m.data.chat.chat_type ?? PRIVATE).toUpperCase() !== PRIVATE) {
    return { ok: true, event: { kind: 'group', key, chatId, command: text.trim().startsWith('/') } };
  }
  return {
    ok: true,
    event: { kind: 'inbound', key, inbound: { channel: 'zalo-bot', chatId, kind: 'text', text } },
  };
}
