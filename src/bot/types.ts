/**
 * Channel-neutral messages between the channel adapters and the conversation core.
 * Adapters turn platform payloads into Inbound and Reply into platform calls; nothing else
 * in the bot knows which platform a chat is on.
 */
import type { Citation, Locale } from '../content/types.ts';
import type { HearLang } from './broadcast/audience.ts';

export type ChannelName = 'webchat' | 'telegram' | 'zalo-oa' | 'zalo-bot';
export const CHANNELS: readonly ChannelName[] = ['webchat', 'telegram', 'zalo-oa', 'zalo-bot'];

/** What a user did, normalised by the adapter. */
export type Inbound =
  | { channel: ChannelName; chatId: string; kind: 'text'; text: string }
  /** A button press; action is the Button.id that was pressed. */
  | { channel: ChannelName; chatId: string; kind: 'action'; action: string }
  | { channel: ChannelName; chatId: string; kind: 'location'; lat: number; lon: number }
  /** First contact (Telegram /start, Zalo follow); payload names a unit from a deep link. */
  | { channel: ChannelName; chatId: string; kind: 'start'; payload?: string };

/** A button; id is an action string the core understands (e.g. "menu:home", "faq:<id>"). */
export interface Button {
  id: string;
  label: string;
}

export interface PhoneRef {
  number: string;
  label: string;
}

export interface LinkRef {
  url: string;
  label: string;
}

/** One message the user should see. Renderers map buttons to keyboards or numbered lists. */
export interface Reply {
  text: string;
  buttons?: Button[];
  phones?: PhoneRef[];
  links?: LinkRef[];
}

/** Where the user is in the conversation; stored per chat, small and free of message text. */
export interface SessionState {
  /** Current FAQ topic node (null at the top of the FAQ). */
  faqNode?: string | null;
  /** What the next free text is expected to be. */
  awaiting?: 'unit_for_directory' | 'unit_for_subscribe' | 'officer_code' | null;
  /** Buttons of the last menu shown, so "2" can mean the second button on text-only channels. */
  lastButtons?: string[];
  /** Locale chosen in this chat before subscribing (subscriber locale wins when present). */
  locale?: Locale;
  /** Unit named in this chat (deep link or lookup), used for the nearest help. */
  unit?: string | null;
  /** After the quick-exit word: answer neutrally, show no menu until /start (emergencies still win). */
  quiet?: boolean;
  /** Language chosen for audio clips before subscribing (Thái, H'Mông); applied when the chat subscribes. */
  hearLang?: HearLang | null;
}

/** What the core knows of the subscriber behind this chat. */
export interface SubscriberView {
  subscribed: boolean;
  locale: Locale;
  unit: string | null;
  /** The language this chat prefers to hear audio clips in (texts stay in locale). */
  hearLang?: HearLang | null;
  /** The chat is linked as an officer's own chat (officers' reminders come here). */
  officer?: boolean;
}

export type StatKind =
  | 'start'
  | 'faq_answer'
  | 'faq_search'
  | 'faq_unanswered'
  | 'emergency'
  | 'referral'
  | 'subscribe'
  | 'unsubscribe'
  | 'delete_data'
  | 'menu';

/** Side effects the caller applies after a turn, in order, in one transaction. */
export type Effect =
  | { type: 'subscribe'; locale: Locale; unit: string | null }
  | { type: 'unsubscribe' }
  | { type: 'set_locale'; locale: Locale }
  | { type: 'set_unit'; unit: string | null }
  /** The language of audio clips (null: none); stored on the subscriber row when there is one. */
  | { type: 'set_hear_lang'; hearLang: HearLang | null }
  /**
   * Links this chat as an officer's own chat if code is a valid, unexpired one-time code. The core
   * cannot know (it never reads the database): its replies say the code is not valid, and linked
   * holds the replies to send instead when the caller consumed the code. The code is never stored.
   */
  | { type: 'officer_link'; code: string; locale: Locale; linked: Reply[] }
  /** Stops officers' reminders in this chat ("/officer off"). */
  | { type: 'officer_unlink' }
  /**
   * Removes the subscriber and the session of this chat, and the questions it asked that the FAQ
   * could not answer; nothing about the chat is kept.
   */
  | { type: 'delete_data' }
  /** Erase this conversation from the screen where the channel can delete messages (Telegram). */
  | { type: 'erase_chat' }
  /**
   * An anonymous statistics event: no chat id is attached. unit: the commune/ward the turn knows;
   * detail: for referrals, the kinds of place listed (ServiceKind values, comma-separated, or "none").
   */
  | { type: 'stat'; kind: StatKind; unit?: string | null; faqNode?: string | null; detail?: string | null }
  /**
   * A question the FAQ could not answer, kept for officers (30 days) with names and numbers masked,
   * under the commune/ward the turn knows (unit), without any chat id.
   */
  | { type: 'unanswered'; text: string; locale: Locale; unit: string | null };

export type Intent =
  | 'emergency'
  | 'faq'
  | 'directory'
  | 'menu'
  | 'subscribe'
  | 'privacy'
  | 'smalltalk'
  | 'out_of_scope';

export interface AnswerRef {
  id: string;
  title: string;
  citations: Citation[];
}

/** The result of one turn of the core. session null means: forget this chat's session. */
export interface TurnResult {
  replies: Reply[];
  effects: Effect[];
  session: SessionState | null;
  intent: Intent;
  /** FAQ answers the turn rests on, best first, at most 5 (for `hoaban ask --json`). */
  answers: AnswerRef[];
}
