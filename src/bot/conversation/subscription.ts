/**
 * Awareness messages: subscribing at once to province-wide messages (README), then choosing an
 * area and a language, changing them later, or stopping.
 */
import type { Unit } from '../../content/types.ts';
import type { Button, Effect } from '../types.ts';
import { button, homeButton, knownUnit, type Outcome, statUnit, type Turn } from './context.ts';
import { hearLangName, hearLangOf, hearLangOnSubscribe } from './language.ts';
import { unitLabel } from './places.ts';

function areaText(turn: Turn, unit: string | null): string {
  return unit ? unitLabel(turn, unit) : turn.t('sub.province');
}

function statusButtons(turn: Turn): Button[] {
  return [
    button(turn, 'sub:area', 'sub.changeArea'),
    button(turn, 'menu:language', 'sub.changeLanguage'),
    button(turn, 'sub:stop', 'sub.stop'),
    homeButton(turn),
  ];
}

/** /subscribe and "Nhận tin": subscribes now (known unit or province-wide), or shows the current settings. */
export function subscribeTurn(turn: Turn): Outcome {
  const session = { ...turn.session, awaiting: null };
  if (turn.subscriber?.subscribed) {
    const status = turn.t('sub.status', {
      area: areaText(turn, turn.subscriber.unit),
      language: turn.t(`lang.${turn.locale}`),
    });
    const hear = hearLangOf(turn);
    const text = hear ? `${status}\n${turn.t('sub.hear', { language: hearLangName(turn, hear) })}` : status;
    return { intent: 'subscribe', replies: [{ text, buttons: statusButtons(turn) }], session };
  }
  const unit = knownUnit(turn);
  const buttons = [
    button(turn, 'sub:area', 'sub.chooseArea'),
    button(turn, 'menu:language', 'menu.language'),
    homeButton(turn),
  ];
  return {
    intent: 'subscribe',
    replies: [{ text: turn.t('sub.done', { area: areaText(turn, unit) }), buttons }],
    session,
    effects: [
      { type: 'subscribe', locale: turn.locale, unit },
      ...hearLangOnSubscribe(turn),
      { type: 'stat', kind: 'subscribe', unit },
    ],
  };
}

/** /unsubscribe and "hủy đăng ký": always honoured, even if our view says there is nothing to stop. */
export function unsubscribeTurn(turn: Turn): Outcome {
  const was = turn.subscriber?.subscribed === true;
  const effects: Effect[] = [{ type: 'unsubscribe' }];
  if (was) effects.push({ type: 'stat', kind: 'unsubscribe', unit: statUnit(turn) });
  const buttons = [button(turn, 'menu:subscribe', 'sub.again'), homeButton(turn)];
  return {
    intent: 'subscribe',
    replies: [{ text: turn.t(was ? 'sub.stopped' : 'sub.notSubscribed'), buttons }],
    session: { ...turn.session, awaiting: null },
    effects,
  };
}

/** Asks which commune or ward the messages should be about; the answer is read as unit_for_subscribe. */
export function askAreaTurn(turn: Turn): Outcome {
  const buttons = [button(turn, 'sub:province', 'sub.provinceButton'), homeButton(turn)];
  return {
    intent: 'subscribe',
    replies: [{ text: turn.t('sub.askArea'), buttons }],
    session: { ...turn.session, awaiting: 'unit_for_subscribe', faqNode: null },
  };
}

/** Sets the area (null = whole province); subscribes first if the chat was not subscribed yet. */
export function areaChosen(turn: Turn, unit: Unit | null): Outcome {
  const name = unit?.name ?? null;
  const effects: Effect[] = turn.subscriber?.subscribed
    ? [{ type: 'set_unit', unit: name }]
    : [
        { type: 'subscribe', locale: turn.locale, unit: name },
        ...hearLangOnSubscribe(turn),
        { type: 'stat', kind: 'subscribe', unit: name },
      ];
  const area = unit ? unitLabel(turn, unit) : turn.t('sub.province');
  return {
    intent: 'subscribe',
    replies: [
      {
        text: turn.t('sub.areaSet', { area }),
        buttons: [button(turn, 'menu:directory', 'menu.directory'), homeButton(turn)],
      },
    ],
    session: { ...turn.session, awaiting: null, unit: name ?? turn.session.unit ?? null },
    effects,
  };
}
