/**
 * The conversation core's one entry point: (context, stored state, inbound) -> replies, effects and
 * the next session. Order matters and is the safety rule of the bot: danger first, then the
 * quick-exit word and the quiet state it leaves, then commands, then numbered choices, then what the
 * bot is waiting for, then free text.
 */
import type { Inbound, TurnResult } from '../types.ts';
import { handleAction } from './actions.ts';
import { type Command, parseChoice, parseCommand } from './commands.ts';
import { finish, makeTurn, type Outcome, type Turn, type TurnContext, type TurnState } from './context.ts';
import { directoryStart, locationTurn, placeTurn, unitReferral } from './directory.ts';
import { emergencyTurn } from './emergency.ts';
import { smalltalkKind, smalltalkTurn, unansweredTurn } from './fallback.ts';
import { faqSearch } from './faq.ts';
import { chooseLanguage, languageMenu } from './language.ts';
import { helpTurn, mainMenu, startTurn, unknownChoice } from './menus.ts';
import { officerCodeText, officerTurn } from './officer.ts';
import { isDirectoryAsk, isPlaceRequest, resolvePlace } from './places.ts';
import { deleteDataTurn, eraseTurn, offerErase } from './privacy.ts';
import { isQuickExit, quietTurn } from './quiet.ts';
import { areaChosen, subscribeTurn, unsubscribeTurn } from './subscription.ts';

/** Works out one turn; pure: same input, same output, input objects untouched. */
export function handleTurn(ctx: TurnContext, state: TurnState, inbound: Inbound): TurnResult {
  const turn = makeTurn(ctx, state, inbound);
  return finish(offerErase(turn, dispatch(turn, inbound)));
}

function dispatch(turn: Turn, inbound: Inbound): Outcome {
  switch (inbound.kind) {
    case 'start':
      return startTurn(turn, inbound.payload);
    case 'action':
      return quietAction(turn, inbound.action);
    case 'location':
      // A shared location is a deliberate request for help: answered even in the quiet state.
      return locationTurn(loud(turn), inbound.lat, inbound.lon);
    case 'text':
      return handleText(turn, inbound.text);
  }
}

/** The same turn without the quiet state, for the answers that end it. */
function loud(turn: Turn): Turn {
  const { quiet: _q, ...session } = turn.session;
  return { ...turn, session };
}

/** In the quiet state only erasing the chat works from old buttons; everything else stays neutral. */
function quietAction(turn: Turn, action: string): Outcome {
  if (!turn.session.quiet) return handleAction(turn, action);
  return action === 'privacy:erase' ? eraseTurn(turn) : quietTurn(turn);
}

/** Commands that still work in the quiet state: starting again and removing traces. */
const QUIET_COMMANDS = new Set<Command['name']>(['start', 'erase', 'deletedata']);

function handleText(turn: Turn, text: string): Outcome {
  const danger = turn.ctx.content.detectEmergency(text);
  if (danger) return emergencyTurn(loud(turn), danger.kinds, text);
  if (isQuickExit(turn, text)) return quietTurn(turn);
  const command = parseCommand(text);
  if (turn.session.quiet) {
    return command && QUIET_COMMANDS.has(command.name) ? runCommand(turn, command) : quietTurn(turn);
  }
  if (command) return runCommand(turn, command);
  const choice = parseChoice(text);
  if (choice !== undefined) {
    const id = turn.session.lastButtons?.[choice - 1];
    return id && choice > 0 ? handleAction(turn, id) : unknownChoice(turn);
  }
  if (!text.trim()) return mainMenu(turn);
  if (turn.session.awaiting) return awaitingText(turn, text);
  return freeText(turn, text);
}

function runCommand(turn: Turn, command: Command): Outcome {
  switch (command.name) {
    case 'start':
      return startTurn(turn, command.payload);
    case 'menu':
      return mainMenu(turn);
    case 'subscribe':
      return subscribeTurn(turn);
    case 'unsubscribe':
      return unsubscribeTurn(turn);
    case 'language':
      return command.payload ? chooseLanguage(turn, command.payload) : languageMenu(turn);
    case 'officer':
      return officerTurn(turn, command.payload);
    case 'erase':
      return eraseTurn(turn);
    case 'deletedata':
      return deleteDataTurn(turn);
    case 'help':
      return helpTurn(turn);
  }
}

/** The bot asked for a place: read one; a question typed instead is still answered. */
function awaitingText(turn: Turn, text: string): Outcome {
  if (turn.session.awaiting === 'officer_code') {
    const code = officerCodeText(turn, text);
    return code ?? freeText({ ...turn, session: { ...turn.session, awaiting: null } }, text);
  }
  const place = resolvePlace(turn.ctx.content, text);
  if (place.kind === 'none') {
    const small = smalltalkKind(text);
    if (small) return smalltalkTurn(turn, small);
    const answer = faqSearch({ ...turn, session: { ...turn.session, awaiting: null } }, text);
    if (answer) return answer;
  }
  if (turn.session.awaiting === 'unit_for_subscribe')
    return placeTurn(turn, place, (m) => areaChosen(turn, m.unit));
  return placeTurn(turn, place, (m, district) => unitReferral(turn, m, district));
}

function freeText(turn: Turn, text: string): Outcome {
  if (isDirectoryAsk(text)) return directoryStart(turn);
  const place = resolvePlace(turn.ctx.content, text);
  if (isPlaceRequest(text, place)) {
    const directoryTurn = { ...turn, session: { ...turn.session, awaiting: 'unit_for_directory' as const } };
    return placeTurn(directoryTurn, place, (m, district) => unitReferral(turn, m, district));
  }
  const small = smalltalkKind(text);
  if (small) return smalltalkTurn(turn, small);
  return faqSearch(turn, text) ?? unansweredTurn(turn, text);
}
