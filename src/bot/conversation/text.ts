/**
 * Text helpers for matching what residents type: many write without diacritics, in any case,
 * with punctuation, so every comparison in the core goes through the content layer's fold().
 */
import { fold } from '../../content/normalize.ts';
import { maskPersonal } from '../../content/personal.ts';

export { fold };

/** Splits folded text into words, so phrase checks never match inside a longer word. */
export function words(text: string): string[] {
  const folded = fold(text);
  return folded ? folded.split(' ') : [];
}

/** True when the folded phrase occurs in the folded text as whole words. */
export function hasPhrase(foldedText: string, phrase: string): boolean {
  return ` ${foldedText} `.includes(` ${phrase} `);
}

/** Drops filler words at either end, so "tôi muốn hủy đăng ký nhé" still reads as "huy dang ky". */
export function trimFillers(folded: string, before: readonly string[], after: readonly string[]): string {
  let text = folded;
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of before) {
      if (text.startsWith(`${f} `)) {
        text = text.slice(f.length + 1);
        changed = true;
      }
    }
    for (const f of after) {
      if (text.endsWith(` ${f}`)) {
        text = text.slice(0, -(f.length + 1));
        changed = true;
      }
    }
  }
  return text;
}

/**
 * What is kept of a question the FAQ could not answer: personal names, phone and other long
 * numbers and e-mail addresses masked (./personal.ts), at most 500 characters.
 */
export function redact(text: string): string {
  return maskPersonal(text).trim().slice(0, 500);
}
