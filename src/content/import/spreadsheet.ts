/**
 * CSV cells that a spreadsheet would run as a formula (CSV injection): a text starting with = + - @,
 * a tab or a carriage return is written with a leading apostrophe, which spreadsheets show as text.
 * Files Hoa Ban reads back (the directory) drop that apostrophe again, so an export imports unchanged.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text as a spreadsheet will show it, never run it. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text as it was before guardFormula. */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
