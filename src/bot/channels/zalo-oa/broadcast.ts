/**
 * A broadcast message -> Zalo OA v3 message bodies. Pure. Inside the free-reply window it goes as
 * consultation messages (message/cs, quoting her last message so Zalo counts a free reply), the
 * image as a media template on the first part; outside it, as one promotion (a follower may get one
 * a day), the image as its banner. Zalo OA has no audio message we can send by URL, so a clip comes
 * as a link line at the end of the text.
 * Shapes from developers.zalo.me "tin tư vấn đính kèm ảnh" and the promotion template as mirrored in
 * public integrations (eSMS docs): UNVERIFIED against the live API.
 */
import { withLinkLine } from '../broadcast-parts.ts';
import { splitText } from '../split-text.ts';
import type { BroadcastMessage } from '../types.ts';
import { ZALO_OA_MAX_TEXT, ZALO_OA_MAX_TITLE } from './render.ts';

/** One consultation message of a broadcast: its text and, on the first, the image. */
export interface OaPart {
  text: string;
  imageUrl?: string;
}

/** The parts of a broadcast sent as consultation messages (text split at 2000 characters). */
export function broadcastParts(msg: BroadcastMessage): OaPart[] {
  const image = msg.media?.kind === 'image' ? msg.media.url : undefined;
  const text = image ? msg.text.trim() : withLinkLine(msg);
  const texts = text ? splitText(text, ZALO_OA_MAX_TEXT) : [];
  if (texts.length === 0) return image ? [{ text: '', imageUrl: image }] : [];
  return texts.map((t, i) => (i === 0 && image ? { text: t, imageUrl: image } : { text: t }));
}

/** The message/cs body of one part; a free reply quotes the user's message (UNVERIFIED: media + quote). */
export function csBody(userId: string, part: OaPart, quote?: string): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  if (part.text) message.text = part.text;
  if (quote) message.quote_message_id = quote;
  if (part.imageUrl)
    message.attachment = {
      type: 'template',
      payload: { template_type: 'media', elements: [{ media_type: 'image', url: part.imageUrl }] },
    };
  return { recipient: { user_id: userId }, message };
}

/** The message/promotion body: banner (the image), header (first line), text (the rest). */
export function promotionBroadcastBody(userId: string, msg: BroadcastMessage): Record<string, unknown> {
  const image = msg.media?.kind === 'image' ? msg.media.url : undefined;
  const [header, ...rest] = (image ? msg.text.trim() : withLinkLine(msg)).split('\n');
  const body = rest.join('\n').trim();
  const elements = [
    ...(image ? [{ type: 'banner', image_url: image }] : []),
    { type: 'header', content: (header ?? '').slice(0, ZALO_OA_MAX_TITLE) },
    ...(body ? [{ type: 'text', align: 'left', content: body }] : []),
  ];
  return {
    recipient: { user_id: userId },
    message: { attachment: { type: 'template', payload: { template_type: 'promotion', elements } } },
  };
}
