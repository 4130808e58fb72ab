/**
 * Deleting what is kept about a chat. Typed /deletedata deletes at once (someone in danger should not
 * need two steps); the menu path explains what is kept and asks to confirm.
 */
import type { ChannelName } from '../types.ts';
import { button, homeButton, type Outcome, type Turn } from './context.ts';

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

/** Deletes the subscriber and the session of this chat; the anonymous count carries no chat id. */
export function deleteDataTurn(turn: Turn): Outcome {
  return {
    intent: 'privacy',
    replies: [{ text: turn.t('privacy.deleted') }],
    session: null,
    effects: [{ type: 'delete_data' }, { type: 'stat', kind: 'delete_data' }],
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
    };
  }
  const buttons = [button(turn, 'menu:delete', 'menu.delete'), homeButton(turn)];
  return {
    intent: 'privacy',
    replies: [{ text: turn.t('privacy.eraseNotHere'), buttons }],
    session: { ...turn.session, awaiting: null },
  };
}
