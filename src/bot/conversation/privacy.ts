/**
 * Deleting what is kept about a chat. Typed /deletedata deletes at once (someone in danger should not
 * need two steps); the menu path explains what is kept and asks to confirm.
 */
import type { ChannelName, Reply } from '../types.ts';
import { button, homeButton, type Outcome, statUnit, type Turn } from './context.ts';

/** Channels where the bot can erase the conversation from the screen (Telegram deletes its messages). */
const ERASE_CHANNELS = new Set<ChannelName>(['telegram']);

/** What is kept and a confirm button, so nobody deletes by accident from the menu. */
export function deleteExplainTurn(turn: Turn): Outcome {
  const buttons = [button(turn, 'privacy:confirm', 'privacy.confirmButton'), homeButton(turn)];
  return {
    intent: 'privacy',
    replies: [{ text: turn.t('privacy.explain'), buttons }],
    session: { ...turn.session, awaiting: null },
  };
}

/**
 * Deletes the subscriber and the session of this chat. The anonymous count keeps only the day, the
 * channel and the unit the chat was about (read from the state loaded before the rows go), no chat id.
 */
export function deleteDataTurn(turn: Turn): Outcome {
  return {
    intent: 'privacy',
    replies: [{ text: turn.t('privacy.deleted') }],
    session: null,
    effects: [{ type: 'delete_data' }, { type: 'stat', kind: 'delete_data', unit: statUnit(turn) }],
  };
}

/**
 * /erase: on Telegram a short neutral confirmation (the adapter removes the messages); elsewhere the
 * bot cannot clear the screen, so it says so and offers to delete the stored data instead.
 */
export function eraseTurn(turn: Turn): Outcome {
  if (ERASE_CHANNELS.has(turn.inbound.channel)) {
    return {
      intent: 'privacy',
      replies: [{ text: turn.t('privacy.erased') }],
      session: { ...turn.session, awaiting: null },
      effects: [{ type: 'erase_chat' }],
    };
  }
  const buttons = [button(turn, 'menu:delete', 'menu.delete'), homeButton(turn)];
  return {
    intent: 'privacy',
    replies: [{ text: turn.t('privacy.eraseNotHere'), buttons }],
    session: { ...turn.session, awaiting: null },
  };
}

/** Turns whose answer a woman may not want left on her screen: emergency numbers and referrals. */
const SENSITIVE = new Set(['emergency', 'referral']);

/**
 * Adds "Xóa cuộc trò chuyện" to every emergency or referral answer on channels that can delete
 * messages, next to the way home, so she can clear the screen in one tap.
 */
export function offerErase(turn: Turn, outcome: Outcome): Outcome {
  if (!ERASE_CHANNELS.has(turn.inbound.channel)) return outcome;
  if (!outcome.effects?.some((e) => e.type === 'stat' && SENSITIVE.has(e.kind))) return outcome;
  const erase = button(turn, 'privacy:erase', 'privacy.eraseButton');
  const replies: Reply[] = outcome.replies.map((r) => ({ ...r }));
  const target = replies.findLast((r) => r.buttons && r.buttons.length > 0) ?? replies.at(-1);
  if (!target || target.buttons?.some((b) => b.id === erase.id)) return outcome;
  const buttons = [...(target.buttons ?? [])];
  const home = buttons.findIndex((b) => b.id === 'menu:home');
  buttons.splice(home < 0 ? buttons.length : home, 0, erase);
  target.buttons = buttons;
  return { ...outcome, replies };
}
