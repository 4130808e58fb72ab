/**
 * Splitting long replies for channels with a per-message length limit (web chat, Telegram, Zalo),
 * in one place so every channel cuts text the same readable way.
 */

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
