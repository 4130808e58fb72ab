/**
 * Zalo OA webhook event -> neutral event, pure and zod-validated: no Fastify, no database.
 * The signature is checked on the raw bytes first (verifySignature), then the event is parsed.
 *
 * Example (a text message, anonymised; timestamp is a string of milliseconds):
 *   {"app_id": "1234567890", "user_id_by_app": "5550001", "event_name": "user_send_text",
 *    "timestamp": "1767225600000", "sender": {"id": "8800001"}, "recipient": {"id": "9900001"},
 *    "message": {"msg_id": "a1b2c3", "text": "nghỉ thai sản mấy tháng"}}
 * https://developers.zalo.me/docs/official-account/webhook/tong-quan
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Inbound } from '../../types.ts';
import { PAYLOAD_PREFIX } from './render.ts';

/** Events older than this (by their own timestamp) are replays: answered 200, nothing stored. */
export const REPLAY_WINDOW_MS = 10 * 60 * 1000;
/** Events that carry something the user sent but no text: answered with the menu. */
const MEDIA_EVENTS = new Set([
  'user_send_image',
  'user_send_sticker',
  'user_send_gif',
  'user_send_audio',
  'user_send_video',
  'user_send_file',
  'user_send_link',
  'user_send_business_card',
]);

/** "mac=" + sha256hex(app_id + raw body + timestamp + OA secret key) (docs/SOURCES.md, Zalo OA webhook). */
export function signatureFor(appId: string, raw: Buffer, timestamp: string, secretKey: string): string {
  const mac = createHash('sha256')
    .update(appId)
    .update(raw)
    .update(timestamp)
    .update(secretKey)
    .digest('hex');
  return `mac=${mac}`;
}

/** Constant-time check of the X-ZEvent-Signature header against the body's app_id and timestamp. */
export function verifySignature(
  header: unknown,
  raw: Buffer,
  envelope: { appId: string; timestamp: string },
  secretKey: string,
): boolean {
  if (typeof header !== 'string' || !secretKey) return false;
  const expected = createHash('sha256')
    .update(signatureFor(envelope.appId, raw, envelope.timestamp, secretKey))
    .digest();
  return timingSafeEqual(createHash('sha256').update(header.trim()).digest(), expected);
}

const id = z.union([z.string().trim().min(1).max(128), z.number().int()]).transform(String);
const stamp = z
  .union([z.string().regex(/^\d{10,16}$/, 'timestamp must be milliseconds'), z.number().int()])
  .transform(String);

/** The fields the signature and the replay check need, read before anything else. */
const envelope = z.object({ app_id: id, timestamp: stamp, event_name: z.string().min(1).max(64) });

const coordinate = z
  .union([z.number(), z.string().trim().min(1)])
  .transform(Number)
  .pipe(z.number().finite());
const location = z.object({ latitude: coordinate, longitude: coordinate });
const event = z.object({
  sender: z.object({ id }).optional(),
  follower: z.object({ id }).optional(),
  message: z
    .object({
      msg_id: id.optional(),
      text: z.string().max(10_000).optional(),
      location: location.optional(),
      attachments: z
        .array(z.object({ type: z.string().optional(), payload: z.unknown().optional() }).loose())
        .optional(),
    })
    .loose()
    .optional(),
});

/** What one event means; key is the stable event id for the inbox and the database dedupe. */
export type ZaloOaEvent =
  | { kind: 'inbound'; key: string; inbound: Inbound; msgId?: string; at: Date }
  /** The user unfollowed: unsubscribe, send nothing. */
  | { kind: 'gone'; key: string; chatId: string; at: Date }
  | { kind: 'ignored'; event: string; reason: 'unknown' | 'replay' };

export type ZaloOaParseResult = { ok: true; event: ZaloOaEvent } | { ok: false; message: string };
export type EnvelopeResult =
  | { ok: true; appId: string; timestamp: string; body: unknown }
  | { ok: false; message: string };

function problem(error: z.ZodError): { ok: false; message: string } {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, message: `${where}${issue?.message ?? 'not a Zalo OA event'}` };
}

/** Reads the raw body as JSON and its app_id and timestamp (what the signature covers). */
export function readEnvelope(raw: Buffer): EnvelopeResult {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, message: 'body is not JSON' };
  }
  const e = envelope.safeParse(body);
  if (!e.success) return problem(e.error);
  return { ok: true, appId: e.data.app_id, timestamp: e.data.timestamp, body };
}

/** The event id: the message id, else a hash of event, sender and time (no user id in the clear). */
function eventKey(name: string, userId: string, timestamp: string, msgId?: string): string {
  if (msgId) return msgId;
  return `h:${createHash('sha256').update(`${name}\n${userId}\n${timestamp}`).digest('base64url').slice(0, 32)}`;
}

/** The location a user shared: message.location or an attachment's payload.coordinates. */
function sharedLocation(m: z.infer<typeof event>['message']): { lat: number; lon: number } | undefined {
  const direct = m?.location;
  const attached = m?.attachments?.find((a) => a.type === 'location')?.payload as
    | { coordinates?: unknown }
    | undefined;
  const parsed = direct ?? location.safeParse(attached?.coordinates).data;
  return parsed ? { lat: parsed.latitude, lon: parsed.longitude } : undefined;
}

/** Parses a verified event; ok:false only for a body that is not a usable Zalo OA event (400). */
export function parseZaloOaEvent(body: unknown, now: Date): ZaloOaParseResult {
  const e = envelope.safeParse(body);
  if (!e.success) return problem(e.error);
  const { event_name: name, timestamp } = e.data;
  const at = new Date(Number(timestamp));
  if (Math.abs(now.getTime() - at.getTime()) > REPLAY_WINDOW_MS)
    return { ok: true, event: { kind: 'ignored', event: name, reason: 'replay' } };
  const known = ['user_send_text', 'user_send_location', 'follow', 'unfollow', 'user_click_chatnow'];
  if (!known.includes(name) && !MEDIA_EVENTS.has(name))
    return { ok: true, event: { kind: 'ignored', event: name, reason: 'unknown' } };
  const p = event.safeParse(body);
  if (!p.success) return problem(p.error);
  const chatId =
    name === 'follow' || name === 'unfollow' ? (p.data.follower?.id ?? p.data.sender?.id) : p.data.sender?.id;
  if (!chatId)
    return { ok: false, message: name.includes('follow') ? 'follower.id: required' : 'sender.id: required' };
  const msgId = p.data.message?.msg_id;
  const key = eventKey(name, chatId, timestamp, msgId);
  const base = { channel: 'zalo-oa' as const, chatId };
  if (name === 'unfollow') return { ok: true, event: { kind: 'gone', key, chatId, at } };
  let inbound: Inbound;
  if (name === 'follow' || name === 'user_click_chatnow') inbound = { ...base, kind: 'start' };
  else if (name === 'user_send_location') {
    const where = sharedLocation(p.data.message);
    if (!where) return { ok: false, message: 'message.location: required' };
    inbound = { ...base, kind: 'location', ...where };
  } else if (name === 'user_send_text') {
    const text = p.data.message?.text;
    if (text === undefined) return { ok: false, message: 'message.text: required' };
    inbound = text.startsWith(PAYLOAD_PREFIX)
      ? { ...base, kind: 'action', action: text.slice(PAYLOAD_PREFIX.length) }
      : { ...base, kind: 'text', text };
  } else inbound = { ...base, kind: 'text', text: '' };
  return { ok: true, event: { kind: 'inbound', key, inbound, msgId, at } };
}
