/**
 * Neutral replies -> Zalo Bot sendMessage payloads. Pure: no network, no database. The platform has
 * no buttons, so a menu becomes a numbered list the resident answers with a number: the core keeps
 * the ids of the last reply's buttons (session.lastButtons) and reads "2" as the second of them.
 */
import type { Reply } from '../../types.ts';
import { splitText } from '../split-text.ts';

/** Text of one message: 1-2000 characters (bot.zaloplatforms.com/docs, sendMessage). */
export const ZALO_BOT_MAX_TEXT = 2000;

/** The body of one sendMessage call (plain text: Zalo Bot has no markup). */
export interface ZaloBotSendMessage {
  chat_id: string;
  text: string;
}

const digits = (s: string) => s.replace(/\D/g, '');

/** Phone numbers the text does not already show, one "label: number" line each. */
function phoneLines(reply: Reply): string[] {
  const shown = digits(reply.text);
  return (reply.phones ?? [])
    .filter((p) => digits(p.number).length > 0 && !shown.includes(digits(p.number)))
    .map((p) => `${p.label}: ${p.number}`);
}

/** Web links as text (Zalo makes them tappable); anything but http(s) is dropped. */
function linkLines(reply: Reply): string[] {
  return (reply.links ?? []).filter((l) => /^https?:\/\//.test(l.url)).map((l) => `${l.label}: ${l.url}`);
}

/** "1. label" lines, in the order of the buttons. */
export function numberedList(reply: Reply): string[] {
  return (reply.buttons ?? []).map((b, i) => `${i + 1}. ${b.label}`);
}

/** One reply as plain text: its text, the numbers and links it offers, then its menu when numbered. */
export function replyText(reply: Reply, numbered: boolean): string {
  const blocks = [reply.text.trim()];
  const extra = [...phoneLines(reply), ...linkLines(reply)];
  if (extra.length > 0) blocks.push(extra.join('\n'));
  if (numbered && reply.buttons?.length) blocks.push(numberedList(reply).join('\n'));
  return blocks.filter((b) => b.length > 0).join('\n\n');
}

/**
 * Renders replies for one chat. Only the last reply with buttons is numbered, because a typed number
 * means a button of that reply (the core remembers no other); a long text is split at paragraph
 * boundaries so the list stays at the end of the last part.
 */
export function renderZaloBot(chatId: string, replies: Reply[]): ZaloBotSendMessage[] {
  const menuAt = replies.findLastIndex((r) => (r.buttons?.length ?? 0) > 0);
  return replies.flatMap((r, i) =>
    splitText(replyText(r, i === menuAt), ZALO_BOT_MAX_TEXT)
      .filter((t) => t.length > 0)
      .map((text) => ({ chat_id: chatId, text })),
  );
}
