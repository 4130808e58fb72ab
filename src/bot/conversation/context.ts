/**
 * The working state of one turn and the helpers every feature file shares. The core is pure:
 * it reads what the caller passes in and returns a new session; it never touches the input.
 */
import type { ContentIndex, Locale } from '../../content/types.ts';
import type { I18n, Translate } from '../../i18n.ts';
import type {
  AnswerRef,
  Button,
  Effect,
  Inbound,
  Intent,
  Reply,
  SessionState,
  SubscriberView,
  TurnResult,
} from '../types.ts';

/** What the caller lends the core for one turn; time comes in here so the core never reads a clock. */
export interface TurnContext {
  content: ContentIndex;
  i18n: I18n;
  now: Date;
  /** How to reach an officer, shown when the bot has no answer (default: the commune People's Committee). */
  officerContact?: string;
  /** The word that switches the chat to a neutral topic (QUICK_EXIT_WORD); default "thời tiết". */
  quickExitWord?: string;
}

/** The chat's stored state as the caller loaded it; the core never mutates it. */
export interface TurnState {
  session: SessionState | null;
  subscriber: SubscriberView | null;
}

/** One turn being worked out, so feature functions take a single argument plus their own data. */
export interface Turn {
  ctx: TurnContext;
  subscriber: SubscriberView | null;
  inbound: Inbound;
  locale: Locale;
  t: Translate;
  /** A fresh copy of the stored session; features return changed copies of it. */
  session: SessionState;
}

/** What a feature decides; finish() turns it into the TurnResult the caller sees. */
export interface Outcome {
  intent: Intent;
  replies: Reply[];
  session: SessionState | null;
  effects?: Effect[];
  answers?: AnswerRef[];
}

/** Builds the turn from the caller's input without sharing any mutable object with it. */
export function makeTurn(ctx: TurnContext, state: TurnState, inbound: Inbound): Turn {
  const stored = state.session ?? {};
  const session: SessionState = { ...stored };
  if (stored.lastButtons) session.lastButtons = [...stored.lastButtons];
  const locale = state.subscriber?.locale ?? stored.locale ?? 'vi';
  return { ctx, subscriber: state.subscriber, inbound, locale, t: ctx.i18n.fixed(locale), session };
}

/** The same turn speaking another language, used right after the user switches language. */
export function withLocale(turn: Turn, locale: Locale): Turn {
  return { ...turn, locale, t: turn.ctx.i18n.fixed(locale) };
}

/** The unit we know this chat is about, so help can be nearest without asking again. */
export function knownUnit(turn: Turn): string | null {
  return turn.session.unit ?? turn.subscriber?.unit ?? null;
}

/**
 * The unit an anonymous statistics event is counted under: the subscriber's area, else the one named
 * in this chat, so a commune officer's report sees her residents' questions. Never anything personal.
 */
export function statUnit(turn: Turn): string | null {
  return turn.subscriber?.unit ?? turn.session.unit ?? null;
}

/** A button whose label comes from bot.json, so no words live in code. */
export function button(turn: Turn, id: string, key: string, vars?: Record<string, unknown>): Button {
  return { id, label: turn.t(key, vars) };
}

/** The way back to the main menu that ends almost every reply. */
export function homeButton(turn: Turn): Button {
  return button(turn, 'menu:home', 'menu.home');
}

/**
 * Turns an outcome into the result: remembers the ids of the last reply's buttons so a typed "2"
 * can mean the second button on channels without buttons, and forgets them when nothing was offered.
 */
export function finish(outcome: Outcome): TurnResult {
  const { intent, replies, effects = [], answers = [] } = outcome;
  if (!outcome.session) return { replies, effects, session: null, intent, answers };
  const { lastButtons: _old, ...session } = outcome.session;
  const withButtons = [...replies].reverse().find((r) => r.buttons && r.buttons.length > 0);
  const next: SessionState = withButtons?.buttons
    ? { ...session, lastButtons: withButtons.buttons.map((b) => b.id) }
    : session;
  return { replies, effects, session: next, intent, answers };
}
