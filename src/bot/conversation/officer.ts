/**
 * Officers' own chats: "/officer CODE" (or "cán bộ CODE") with a one-time code made in the console
 * links the chat so officers' reminders (campaign approvals, report deadlines) come here; "/officer
 * off" ends it. Not listed in /help: residents have no use for it, and officers learn it from the
 * console page that makes the code.
 *
 * The core never reads the database, so it cannot tell a valid code from a wrong one. It prepares
 * both answers instead: the turn's replies say the code is not valid, and the officer_link effect
 * carries the replies for a valid code. handle-inbound consumes the code in the turn's transaction
 * and sends those when it was valid. We chose this over looking the code up before the turn
 * because only the core knows whether the message is an officer command at all (danger words and
 * the quiet state come first), and a code must not be spent by a message that was answered as an
 * emergency. "Not valid" is the default so that anything running the core without a database
 * (hoaban ask, tests) never claims a link that was not made.
 */
import type { Reply } from '../types.ts';
import { homeButton, type Outcome, type Turn } from './context.ts';
import { fold } from './text.ts';

/** "/officer", "/officer CODE" or "/officer off". */
export function officerTurn(turn: Turn, payload?: string): Outcome {
  if (!payload) return askCode(turn);
  if (fold(payload) === 'off') return officerOff(turn);
  return linkAttempt(turn, payload);
}

/**
 * The message after a bare "/officer" is read as the code, spaces dropped ("K7P4 QX2M"), so a
 * code typed on its own never reaches the FAQ search and the unanswered questions. Longer text
 * is a question after all and goes on as usual (undefined).
 */
export function officerCodeText(turn: Turn, text: string): Outcome | undefined {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || tokens.length > 3 || text.includes('?')) return undefined;
  return linkAttempt(turn, tokens.join(''));
}

function askCode(turn: Turn): Outcome {
  return {
    intent: 'menu',
    replies: [{ text: turn.t('officer.askCode'), buttons: [homeButton(turn)] }],
    session: { ...turn.session, awaiting: 'officer_code', faqNode: null },
  };
}

function linkAttempt(turn: Turn, code: string): Outcome {
  const reply = (key: string): Reply[] => [{ text: turn.t(key), buttons: [homeButton(turn)] }];
  return {
    intent: 'menu',
    replies: reply('officer.invalid'),
    session: { ...turn.session, awaiting: null },
    effects: [{ type: 'officer_link', code, locale: turn.locale, linked: reply('officer.linked') }],
  };
}

function officerOff(turn: Turn): Outcome {
  const linked = turn.subscriber?.officer === true;
  return {
    intent: 'menu',
    replies: [{ text: turn.t(linked ? 'officer.off' : 'officer.notLinked'), buttons: [homeButton(turn)] }],
    session: { ...turn.session, awaiting: null },
    effects: linked ? [{ type: 'officer_unlink' }] : [],
  };
}
