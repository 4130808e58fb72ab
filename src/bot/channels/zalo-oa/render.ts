/**
 * Neutral replies -> Zalo OA v3 consultation messages. Pure: no network, no database. A menu is a
 * button template whose oa.query.hide buttons send their payload back as the user's text (prefixed,
 * so the adapter reads it as a button press); where a template does not fit the limits, or the
 * platform refuses it, the same menu goes as a numbered list the user answers with a number.
 */
import { createHash } from 'node:crypto';
import type { Reply } from '../../types.ts';
import { splitText } from '../split-text.ts';

/** Text of one OA message; no official figure was found, 2000 is what Zalo's Bot Platform allows (UNVERIFIED). */
export const ZALO_OA_MAX_TEXT = 2000;
/** Buttons of one template message (UNVERIFIED: the v3 samples show at most 5). */
export const ZALO_OA_MAX_BUTTONS = 5;
/** Longest button title and payload we send (UNVERIFIED; longer ids go hashed). */
export const ZALO_OA_MAX_TITLE = 100;
export const ZALO_OA_MAX_PAYLOAD = 100;
/** Marks a button's payload when it comes back as the user's text. */
export const PAYLOAD_PREFIX = '#hb:';
const HASH_PREFIX = 'h:';

/** One button of a template: oa.query.hide sends payload back without showing it in the chat. */
export interface ZaloOaButton {
  title: string;
  type: 'oa.query.hide';
  payload: string;
}

/** One message to send: text, and the buttons of its template when it has a menu. */
export interface ZaloOaOutgoing {
  text: string;
  buttons?: ZaloOaButton[];
}

function hashId(id: string): string {
  return HASH_PREFIX + createHash('sha256').update(id).digest('base64url').slice(0, 22);
}

/** The payload a button carries: "#hb:" and the action id, or a short hash when the id is long. */
export function buttonPayload(id: string): string {
  const fits = id.length + PAYLOAD_PREFIX.length <= ZALO_OA_MAX_PAYLOAD && !id.startsWith(HASH_PREFIX);
  return PAYLOAD_PREFIX + (fits ? id : hashId(id));
}

/** The action id a returned payload stands for; undefined when a hashed id is no longer on offer. */
export function resolvePayload(action: string, shown: readonly string[] = []): string | undefined {
  if (!action.startsWith(HASH_PREFIX)) return action;
  return shown.find((id) => hashId(id) === action);
}

const digits = (s: string) => s.replace(/\D/g, '');

/** The reply's text with the numbers and links it offers (Zalo makes them tappable), and its list when numbered. */
export function plainText(reply: Reply, numbered: boolean): string {
  const shown = digits(reply.text);
  const extra = [
    ...(reply.phones ?? [])
      .filter((p) => digits(p.number).length > 0 && !shown.includes(digits(p.number)))
      .map((p) => `${p.label}: ${p.number}`),
    ...(reply.links ?? []).filter((l) => /^https?:\/\//.test(l.url)).map((l) => `${l.label}: ${l.url}`),
  ];
  const blocks = [reply.text.trim()];
  if (extra.length > 0) blocks.push(extra.join('\n'));
  if (numbered && reply.buttons?.length)
    blocks.push(reply.buttons.map((b, i) => `${i + 1}. ${b.label}`).join('\n'));
  return blocks.filter((b) => b.length > 0).join('\n\n');
}

/** True when the reply's menu fits a template (count and title lengths). */
export function fitsTemplate(reply: Reply): boolean {
  const buttons = reply.buttons ?? [];
  return (
    buttons.length > 0 &&
    buttons.length <= ZALO_OA_MAX_BUTTONS &&
    buttons.every((b) => b.label.length <= ZALO_OA_MAX_TITLE)
  );
}

/**
 * Renders replies. Only the last reply with buttons carries a menu (a typed number means a button of
 * that reply); it goes as a template when it fits and templates are on, else numbered. A long text is
 * split at paragraph boundaries and the menu stays on the last part.
 */
export function renderZaloOa(replies: Reply[], opts: { templates?: boolean } = {}): ZaloOaOutgoing[] {
  const menuAt = replies.findLastIndex((r) => (r.buttons?.length ?? 0) > 0);
  return replies.flatMap((r, i) => {
    const template = i === menuAt && opts.templates !== false && fitsTemplate(r);
    const texts = splitText(plainText(r, i === menuAt && !template), ZALO_OA_MAX_TEXT).filter(
      (t) => t.length > 0,
    );
    return texts.map((text, j) => {
      const msg: ZaloOaOutgoing = { text };
      if (template && j === texts.length - 1)
        msg.buttons = (r.buttons ?? []).map((b) => ({
          title: b.label,
          type: 'oa.query.hide',
          payload: buttonPayload(b.id),
        }));
      return msg;
    });
  });
}

/** The v3 message/cs body: a free reply quotes the user's message so Zalo counts it as a reply. */
export function messageBody(userId: string, msg: ZaloOaOutgoing, quote?: string): Record<string, unknown> {
  const message: Record<string, unknown> = { text: msg.text };
  if (quote) message.quote_message_id = quote;
  if (msg.buttons?.length) message.attachment = { type: 'template', payload: { buttons: msg.buttons } };
  return { recipient: { user_id: userId }, message };
}
