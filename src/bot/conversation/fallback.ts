/**
 * What happens to free text that is neither danger, command nor a known question: a friendly word
 * for greetings and thanks, and for real questions an honest "not found" that officers learn from.
 */
import { button, homeButton, type Outcome, statUnit, type Turn } from './context.ts';
import { mainMenuButtons } from './menus.ts';
import { fold, redact, trimFillers } from './text.ts';

const GREETINGS = ['xin chao', 'chao', 'alo', 'a lo', 'hello', 'hi', 'hey', 'good morning', 'good evening'];
const THANKS = [
  'cam on',
  'cam on nhieu',
  'thanks',
  'thank you',
  'thank',
  'tks',
  'ok cam on',
  'tam biet',
  'bye',
];
const AFTER = [
  'a',
  'nhe',
  'nha',
  'ban',
  'bot',
  'hoa ban',
  'em',
  'chi',
  'anh',
  'nhieu',
  'so much',
  'there',
  'you',
];

/** Greeting or thanks, or undefined; only whole short messages count, never a question that starts with "chào". */
export function smalltalkKind(text: string): 'hello' | 'thanks' | undefined {
  const folded = trimFillers(fold(text), [], AFTER);
  if (GREETINGS.includes(folded)) return 'hello';
  if (THANKS.includes(folded)) return 'thanks';
  return undefined;
}

/** A short friendly answer and the menu; no question is recorded. */
export function smalltalkTurn(turn: Turn, kind: 'hello' | 'thanks'): Outcome {
  return {
    intent: 'smalltalk',
    replies: [{ text: turn.t(`small.${kind}`), buttons: mainMenuButtons(turn) }],
    session: { ...turn.session, awaiting: null },
  };
}

/**
 * No answer found: say so, point to the menu and a person, and keep the question for officers of
 * the chat's commune (names and numbers masked, no chat id).
 */
export function unansweredTurn(turn: Turn, text: string): Outcome {
  const contact = turn.ctx.officerContact ?? turn.t('oos.defaultContact');
  return {
    intent: 'out_of_scope',
    replies: [
      {
        text: turn.t('oos.text', { contact }),
        buttons: [
          button(turn, 'menu:faq', 'menu.faq'),
          button(turn, 'menu:directory', 'menu.directory'),
          homeButton(turn),
        ],
      },
    ],
    session: { ...turn.session, awaiting: null, faqNode: null },
    effects: [
      { type: 'unanswered', text: redact(text), locale: turn.locale, unit: statUnit(turn) },
      { type: 'stat', kind: 'faq_unanswered', unit: statUnit(turn) },
    ],
  };
}
