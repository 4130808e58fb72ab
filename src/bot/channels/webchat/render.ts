/**
 * Neutral replies -> what the web chat page draws. Pure: the page does the DOM work and puts all
 * text in with textContent, so nothing a user or officer typed can run as HTML.
 */
import type { Reply } from '../../types.ts';
import { splitText } from '../split-text.ts';

/** Longest text one web chat bubble shows; longer replies are split on paragraph boundaries. */
export const WEBCHAT_MAX_TEXT = 4000;

export interface WebchatMessage {
  text: string;
  buttons: Array<{ id: string; label: string }>;
  phones: Array<{ number: string; label: string; href: string }>;
  links: Array<{ url: string; label: string }>;
}

/** Renders replies for the page; buttons, phones and links stay on the last part of a split text. */
export function renderWebchat(replies: Reply[]): WebchatMessage[] {
  return replies.flatMap((r) => {
    const texts = splitText(r.text, WEBCHAT_MAX_TEXT);
    return texts.map((text, i) => {
      const last = i === texts.length - 1;
      return {
        text,
        buttons: last ? (r.buttons ?? []).map((b) => ({ id: b.id, label: b.label })) : [],
        phones: last
          ? (r.phones ?? []).map((p) => ({ ...p, href: `tel:${p.number.replace(/[^\d+]/g, '')}` }))
          : [],
        links: last ? (r.links ?? []).filter((l) => /^https?:\/\//.test(l.url)) : [],
      };
    });
  });
}
