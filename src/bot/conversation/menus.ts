/**
 * The main menu, help and the welcome: the few screens every other feature
 * returns to, so each path through the bot ends one tap from home.
 */
import { slug } from '../../content/normalize.ts';
import type { Button, Effect } from '../types.ts';
import { button, knownUnit, type Outcome, type Turn } from './context.ts';
import { type Place, resolvePlace, unitLabel } from './places.ts';

const MAIN_MENU = ['faq', 'directory', 'subscribe', 'language', 'delete', 'help'] as const;

/** The main menu's buttons, shared by the welcome, help and every "home" press. */
export function mainMenuButtons(turn: Turn): Button[] {
  return MAIN_MENU.map((item) => button(turn, `menu:${item}`, `menu.${item}`));
}

/** Shows the main menu and leaves any half-finished question (awaiting, FAQ position). */
export function mainMenu(turn: Turn, lead?: string): Outcome {
  const text = lead ? `${lead}\n\n${turn.t('menu.text')}` : turn.t('menu.text');
  return {
    intent: 'menu',
    replies: [{ text, buttons: mainMenuButtons(turn) }],
    session: { ...turn.session, awaiting: null, faqNode: null },
    effects: [{ type: 'stat', kind: 'menu' }],
  };
}

/** A typed number that matches no button: say so instead of treating "7" as a legal question. */
export function unknownChoice(turn: Turn): Outcome {
  return mainMenu(turn, turn.t('menu.unknownChoice'));
}

/** What the bot does and which commands work, in a few lines. */
export function helpTurn(turn: Turn): Outcome {
  return {
    intent: 'menu',
    replies: [{ text: turn.t('help.text'), buttons: mainMenuButtons(turn) }],
    session: { ...turn.session, awaiting: null },
  };
}

/**
 * First contact (Telegram /start, Zalo follow, web chat open): welcome and main menu. A deep-link
 * payload such as "chieng-lao" names the resident's commune so help can be nearest at once.
 */
export function startTurn(turn: Turn, payload?: string): Outcome {
  const effects: Effect[] = [];
  const { quiet: _quiet, ...kept } = turn.session;
  let session = { ...kept, awaiting: null, faqNode: null };
  const place = payload ? startPlace(turn, payload) : undefined;
  if (place?.kind === 'unit') {
    session = { ...session, unit: place.match.unit.name };
    if (turn.subscriber?.subscribed) effects.push({ type: 'set_unit', unit: place.match.unit.name });
  }
  effects.push({ type: 'stat', kind: 'start', unit: session.unit ?? null });
  const unit = knownUnit({ ...turn, session });
  const lines = [turn.t('start.welcome')];
  if (place?.kind === 'unit') lines.push(turn.t('start.area', { area: unitLabel(turn, place.match.unit) }));
  else if (unit) lines.push(turn.t('start.area', { area: unit }));
  lines.push(turn.t('menu.text'));
  return {
    intent: 'menu',
    replies: [{ text: lines.join('\n\n'), buttons: mainMenuButtons(turn) }],
    session,
    effects,
  };
}

/** A deep-link payload: a unit slug ("chieng-lao", exact first: folded names can collide) or a name. */
function startPlace(turn: Turn, payload: string): Place {
  const bySlug = turn.ctx.content.units.all().find((u) => slug(u.name) === payload.toLowerCase());
  if (bySlug) return { kind: 'unit', match: { unit: bySlug, via: 'name', matchedName: bySlug.name } };
  return resolvePlace(turn.ctx.content, payload.replace(/[-_+]+/g, ' '));
}
