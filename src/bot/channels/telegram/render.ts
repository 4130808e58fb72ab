/**
 * Neutral replies -> Telegram sendMessage payloads. Pure: no network, no database. Enforces the
 * Bot API limits so the platform never has to reject a message we build.
 */
import { createHash } from 'node:crypto';
import type { Reply } from '../../types.ts';
import { splitText } from '../split-text.ts';

/** Text of one message: 1-4096 characters after entity parsing (core.telegram.org/bots/api#sendmessage). */
export const TELEGRAM_MAX_TEXT = 4096;
/** Inline keyboard: at most 8 buttons a row and 100 in all (docs/SOURCES.md, community-tested). */
export const MAX_BUTTONS_PER_ROW = 8;
export const MAX_BUTTONS = 100;
/** callback_data: 1-64 bytes (core.telegram.org/bots/api#inlinekeyboardbutton). */
export const MAX_CALLBACK_BYTES = 64;

export type InlineButton = { text: string; callback_data: string } | { text: string; url: string };

/** The body of one sendMessage call (plain text: no parse_mode, so nothing typed can inject markup). */
export interface SendMessage {
  chat_id: string;
  text: string;
  reply_markup?: { inline_keyboard: InlineButton[][] };
  link_preview_options?: { is_disabled: boolean };
}

const HASH_PREFIX = 'h:';

function hashId(id: string): string {
  return HASH_PREFIX + createHash('sha256').update(id).digest('base64url').slice(0, 22);
}

/**
 * The callback_data for a button id: the id itself when it fits in 64 bytes, else "h:" and a short
 * hash that resolveCallback maps back through the ids the chat was last shown.
 */
export function callbackData(id: string): string {
  return Buffer.byteLength(id, 'utf8') <= MAX_CALLBACK_BYTES && !id.startsWith(HASH_PREFIX) ? id : hashId(id);
}

/** The button id a callback_data stands for; undefined when a hashed id is no longer on offer. */
export function resolveCallback(data: string, shown: readonly string[] = []): string | undefined {
  if (!data.startsWith(HASH_PREFIX)) return data;
  return shown.find((id) => hashId(id) === data);
}

/** Buttons per row: short labels share a row, long ones get their own so nothing is cut off. */
function perRow(labels: string[]): number {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  if (longest <= 12) return 3;
  if (longest <= 20) return 2;
  return 1;
}

function keyboard(reply: Reply): InlineButton[][] | undefined {
  let buttons: InlineButton[] = (reply.buttons ?? []).map((b) => ({
    text: b.label,
    callback_data: callbackData(b.id),
  }));
  const links: InlineButton[] = (reply.links ?? [])
    .filter((l) => /^https?:\/\//.test(l.url))
    .map((l) => ({ text: l.label, url: l.url }));
  const room = MAX_BUTTONS - links.length;
  // Too many buttons: keep the first ones and the last (the way home).
  if (buttons.length > room) buttons = [...buttons.slice(0, room - 1), ...buttons.slice(-1)];
  if (buttons.length + links.length === 0) return undefined;
  const width = Math.min(MAX_BUTTONS_PER_ROW, perRow(buttons.map((b) => b.text)));
  const rows: InlineButton[][] = [];
  for (let i = 0; i < buttons.length; i += width) rows.push(buttons.slice(i, i + width));
  for (const l of links) rows.push([l]);
  return rows;
}

/** Renders replies for one chat; a long text is split and its keyboard stays on the last part. */
export function renderTelegram(chatId: string, replies: Reply[]): SendMessage[] {
  return replies.flatMap((r) => {
    const texts = splitText(r.text, TELEGRAM_MAX_TEXT).filter((t) => t.length > 0);
    const markup = keyboard(r);
    return texts.map((text, i) => {
      const msg: SendMessage = { chat_id: chatId, text, link_preview_options: { is_disabled: true } };
      if (markup && i === texts.length - 1) msg.reply_markup = { inline_keyboard: markup };
      return msg;
    });
  });
}
