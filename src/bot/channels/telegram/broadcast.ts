/**
 * A broadcast message -> the Bot API calls that deliver it. Pure: a photo with its caption, a voice
 * note (OGG/Opus) or an audio file, then the text when it does not fit in a caption, the text split
 * on paragraph boundaries at 4096 characters. Plain text (no parse_mode), so nothing an officer typed
 * is read as markup.
 */

import { splitText } from '../split-text.ts';
import type { BroadcastMessage } from '../types.ts';
import { TELEGRAM_MAX_TEXT } from './render.ts';

/** Photo, voice and audio captions: 0-1024 characters after entity parsing (core.telegram.org/bots/api#sendphoto). */
export const TELEGRAM_MAX_CAPTION = 1024;
/** At most 1 message a second to one chat (core.telegram.org/bots/faq, docs/SOURCES.md). */
export const TELEGRAM_PER_CHAT_GAP_MS = 1000;
/** sendVoice takes OGG with Opus (core.telegram.org/bots/api#sendvoice); other audio goes as sendAudio. */
const VOICE_PATH = /\.(ogg|oga|opus)$/i;

/** One Bot API call: the method and its JSON body. */
export interface TelegramCall {
  method: 'sendMessage' | 'sendPhoto' | 'sendVoice' | 'sendAudio';
  payload: Record<string, unknown>;
}

/** True when the clip's URL path names an OGG/Opus file (sent as a voice note). */
export function isVoice(url: string): boolean {
  try {
    return VOICE_PATH.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** The calls that deliver one broadcast message to one chat, in order. */
export function renderTelegramBroadcast(chatId: string, msg: BroadcastMessage, paid = false): TelegramCall[] {
  const extra = paid ? { allow_paid_broadcast: true } : {};
  const text = msg.text.trim();
  const texts = (t: string): TelegramCall[] =>
    t
      ? splitText(t, TELEGRAM_MAX_TEXT).map((part) => ({
          method: 'sendMessage',
          payload: { chat_id: chatId, text: part, ...extra },
        }))
      : [];
  const media = msg.media;
  if (!media) return texts(text);
  const fits = text.length > 0 && text.length <= TELEGRAM_MAX_CAPTION;
  const caption = fits ? { caption: text } : {};
  const first: TelegramCall =
    media.kind === 'image'
      ? { method: 'sendPhoto', payload: { chat_id: chatId, photo: media.url, ...caption, ...extra } }
      : isVoice(media.url)
        ? { method: 'sendVoice', payload: { chat_id: chatId, voice: media.url, ...caption, ...extra } }
        : { method: 'sendAudio', payload: { chat_id: chatId, audio: media.url, ...caption, ...extra } };
  return [first, ...(fits ? [] : texts(text))];
}
