/**
 * Button presses, and numbered choices that stand for them. Ids are "<area>:<argument>":
 * menu:<item>, faq:<nodeId>|back, lang:vi|en|thai|hmong, unit:<name>, dir:ask|district:<name>,
 * sub:area|province|stop, privacy:confirm|erase. Anything else shows the main menu.
 */
import type { Intent } from '../types.ts';
import type { Outcome, Turn } from './context.ts';
import { directoryStart, districtTurn, unitReferral } from './directory.ts';
import { faqBack, faqNode, faqTop } from './faq.ts';
import { chooseLanguage, languageMenu } from './language.ts';
import { helpTurn, mainMenu } from './menus.ts';
import { deleteDataTurn, deleteExplainTurn, eraseTurn } from './privacy.ts';
import { areaChosen, askAreaTurn, subscribeTurn, unsubscribeTurn } from './subscription.ts';

/** Routes one action id; unknown ids fall back to the main menu rather than an error. */
export function handleAction(turn: Turn, action: string): Outcome {
  const colon = action.indexOf(':');
  const head = colon < 0 ? action : action.slice(0, colon);
  const arg = colon < 0 ? '' : action.slice(colon + 1);
  switch (head) {
    case 'menu':
      return menuAction(turn, arg);
    case 'faq':
      return arg === 'back' ? faqBack(turn) : faqNode(turn, arg);
    case 'lang':
      return chooseLanguage(turn, arg);
    case 'unit':
      return unitAction(turn, arg);
    case 'dir':
      if (arg.startsWith('district:'))
        return districtTurn(turn, arg.slice('district:'.length), intentOf(turn));
      return directoryStart(turn, true);
    case 'sub':
      if (arg === 'area') return askAreaTurn(turn);
      if (arg === 'province') return areaChosen(turn, null);
      if (arg === 'stop') return unsubscribeTurn(turn);
      return subscribeTurn(turn);
    case 'privacy':
      if (arg === 'erase') return eraseTurn(turn);
      return arg === 'confirm' ? deleteDataTurn(turn) : deleteExplainTurn(turn);
    default:
      return mainMenu(turn);
  }
}

function intentOf(turn: Turn): Intent {
  return turn.session.awaiting === 'unit_for_subscribe' ? 'subscribe' : 'directory';
}

function menuAction(turn: Turn, item: string): Outcome {
  switch (item) {
    case 'faq':
      return faqTop(turn);
    case 'directory':
      return directoryStart(turn);
    case 'subscribe':
      return subscribeTurn(turn);
    case 'language':
      return languageMenu(turn);
    case 'delete':
      return deleteExplainTurn(turn);
    case 'help':
      return helpTurn(turn);
    default:
      return mainMenu(turn);
  }
}

function unitAction(turn: Turn, name: string): Outcome {
  const unit = turn.ctx.content.units.get(name);
  if (!unit) return mainMenu(turn);
  if (turn.session.awaiting === 'unit_for_subscribe') return areaChosen(turn, unit);
  return unitReferral(turn, { unit, via: 'name', matchedName: unit.name });
}
