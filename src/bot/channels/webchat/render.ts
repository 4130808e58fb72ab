/**
 * Neutral replies -> what the web chat page draws. Pure: the page does the DOM work and puts all
 * text in with textContent, so nothing a user or officer typed can run as HTML.
 */
import type { Reply } from '../../types.ts';

/** Longest text one web chat bubble shows; longer replies are split on paragraph boundaries. */
export const WEBCHAT_MAX_TEXT = 4000;

export interface WebchatMessage {
  text: string;
  buttons: Array<{ id: string; label: string }>;
  phones: Array<{ number: string; label: string; href: string }>;
  links: Array<{ url: string; label: string }>;
}

/** Splits a text into parts of at most max characters, preferring paragraph and line breaks. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n\n');
    if (cut < max / 2) cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = max;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
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
