/**
 * The quick-exit word: someone who may be watched types it and the chat switches at once to a
 * neutral topic, with no menu, until she writes /start. Emergency words still win (engine.ts).
 */
import type { Outcome, Turn } from './context.ts';
import { fold } from './text.ts';

/** QUICK_EXIT_WORD's default: a topic nobody would find suspicious on a phone screen. */
export const DEFAULT_QUICK_EXIT_WORD = 'thời tiết';

/** True when the message is the quick-exit word (diacritics, case and punctuation ignored). */
export function isQuickExit(turn: Turn, text: string): boolean {
  const word = fold(turn.ctx.quickExitWord ?? DEFAULT_QUICK_EXIT_WORD);
  const folded = fold(text);
  return word !== '' && (folded === word || folded.startsWith(`${word} `));
}

/** The neutral line, no buttons; the session forgets menus and half-finished questions. */
export function quietTurn(turn: Turn): Outcome {
  const { lastButtons: _menu, ...rest } = turn.session;
  return {
    intent: 'smalltalk',
    replies: [{ text: turn.t('quiet.text') }],
    session: { ...rest, quiet: true, awaiting: null, faqNode: null },
  };
}
