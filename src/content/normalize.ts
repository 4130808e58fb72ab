/** Text folding shared by search, unit lookup and the emergency detector. */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * Folds text for matching, so residents typing without diacritics (common on phones) still match:
 * lower-case, no tone or vowel marks, đ -> d, punctuation -> spaces, single spaces.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(NOT_WORD, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Lower-cases and composes text but keeps diacritics, for the few words whose folded forms collide. */
export function lowerKeepMarks(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(NOT_WORD, ' ').trim().replace(/\s+/g, ' ');
}

/** True when a word carries no Vietnamese marks, i.e. it was probably typed without diacritics. */
export function isPlain(word: string): boolean {
  return fold(word) === word.normalize('NFC').toLowerCase();
}

/** A stable ASCII slug ("Chiềng Lao" -> "chieng-lao") for generated ids. */
export function slug(text: string): string {
  return fold(text).replace(/ /g, '-');
}
