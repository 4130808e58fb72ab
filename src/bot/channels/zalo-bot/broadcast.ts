/**
 * A broadcast message -> the Zalo Bot API calls that deliver it. Pure. The platform has sendPhoto
 * but nothing for audio, so a clip comes as a link line at the end of the text; the text is split at
 * 2000 characters and goes as the photo's caption when it fits.
 */
import { withLinkLine } from '../broadcast-parts.ts';
import { splitText } from '../split-text.ts';
import type { BroadcastMessage } from '../types.ts';
import { ZALO_BOT_MAX_TEXT } from './render.ts';

/** sendPhoto caption: 1-2000 characters (bot.zaloplatforms.com/docs, sendPhoto). */
export const ZALO_BOT_MAX_CAPTION = 2000;
/** Least time between two parts to one chat (the platform documents no per-chat limit; kept polite). */
export const ZALO_BOT_PART_GAP_MS = 500;

/** One Bot API call: the method and its JSON body. */
export interface ZaloBotCall {
  method: 'sendMessage' | 'sendPhoto';
  payload: Record<string, unknown>;
}

/** The calls that deliver one broadcast message to one chat, in order. */
export function renderZaloBotBroadcast(chatId: string, msg: BroadcastMessage): ZaloBotCall[] {
  const texts = (t: string): ZaloBotCall[] =>
    t
      ? splitText(t, ZALO_BOT_MAX_TEXT).map((text) => ({
          method: 'sendMessage',
          payload: { chat_id: chatId, text },
        }))
      : [];
  if (msg.media?.kind !== 'image') return texts(withLinkLine(msg));
  const text = msg.text.trim();
  const fits = text.length > 0 && text.length <= ZALO_BOT_MAX_CAPTION;
  const photo: ZaloBotCall = {
    method: 'sendPhoto',
    payload: { chat_id: chatId, photo: msg.media.url, ...(fits ? { caption: text } : {}) },
  };
  return [photo, ...(fits ? [] : texts(text))];
}
