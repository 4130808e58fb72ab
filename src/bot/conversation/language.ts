/**
 * The language of a chat: the bot's texts in Vietnamese or English, or a language residents prefer
 * to hear (Thái, H'Mông) for the audio clips officers send; those chats read the bot in Vietnamese.
 */
import type { Locale } from '../../content/types.ts';
import type { HearLang } from '../broadcast/audience.ts';
import type { Effect } from '../types.ts';
import { button, homeButton, type Outcome, type Turn, withLocale } from './context.ts';
import { mainMenu } from './menus.ts';
import { fold } from './text.ts';

/** Typed language choices (folded), so "tiếng Thái" or "tieng hmong" need no menu. */
const LANGUAGES: ReadonlyArray<readonly [string, LanguageChoice]> = [
  ['tieng viet', 'vi'],
  ['vietnamese', 'vi'],
  ['vi', 'vi'],
  ['tieng anh', 'en'],
  ['english', 'en'],
  ['en', 'en'],
  ['tieng thai', 'thai'],
  ['tieng thai nghe', 'thai'],
  ['nghe tieng thai', 'thai'],
  ['thai', 'thai'],
  ['thai audio', 'thai'],
  ['tieng h mong', 'hmong'],
  ['tieng hmong', 'hmong'],
  ['tieng mong', 'hmong'],
  ['tieng h mong nghe', 'hmong'],
  ['nghe tieng h mong', 'hmong'],
  ['nghe tieng hmong', 'hmong'],
  ['nghe tieng mong', 'hmong'],
  ['h mong', 'hmong'],
  ['hmong', 'hmong'],
  ['h mong audio', 'hmong'],
  ['hmong audio', 'hmong'],
];
/** Bare "vi", "en", "thai", "hmong" are choices only after /language, never as a whole message. */
const ONLY_AFTER_SLASH = new Set(['vi', 'en', 'thai', 'hmong', 'h mong']);

export type LanguageChoice = 'vi' | 'en' | 'thai' | 'hmong';

/** The language a phrase names, or undefined. */
export function languageChoice(text: string, afterSlash = false): LanguageChoice | undefined {
  const folded = fold(text);
  if (!afterSlash && ONLY_AFTER_SLASH.has(folded)) return undefined;
  return LANGUAGES.find(([phrase]) => phrase === folded)?.[1];
}

/** The languages one can only hear, each with its name in bot.json (a Record: none can be left out). */
const HEAR_NAMES: Record<HearLang, string> = { thai: 'lang.hearName.thai', hmong: 'lang.hearName.hmong' };

function isHearLang(choice: string): choice is HearLang {
  return Object.hasOwn(HEAR_NAMES, choice);
}

/** The chat's listening language: the subscriber row's when there is one, else what the session holds. */
export function hearLangOf(turn: Turn): HearLang | null {
  return (turn.subscriber ? turn.subscriber.hearLang : turn.session.hearLang) ?? null;
}

/** The listening language's name in the turn's language ("tiếng Thái"), for status lines. */
export function hearLangName(turn: Turn, lang: HearLang): string {
  return turn.t(HEAR_NAMES[lang]);
}

/** Effects that carry a listening language chosen before subscribing onto the new subscription. */
export function hearLangOnSubscribe(turn: Turn): Effect[] {
  const lang = turn.subscriber?.hearLang ? null : (turn.session.hearLang ?? null);
  return lang ? [{ type: 'set_hear_lang', hearLang: lang }] : [];
}

/** Offers Vietnamese, English and the two languages to hear; one line says what hearing means. */
export function languageMenu(turn: Turn): Outcome {
  const buttons = [
    button(turn, 'lang:vi', 'lang.vi'),
    button(turn, 'lang:en', 'lang.en'),
    button(turn, 'lang:thai', 'lang.thai'),
    button(turn, 'lang:hmong', 'lang.hmong'),
    homeButton(turn),
  ];
  const text = `${turn.t('lang.choose')}\n${turn.t('lang.hearNote')}`;
  return { intent: 'menu', replies: [{ text, buttons }], session: turn.session };
}

/** A choice from the menu, a typed name or "/language thai"; anything else shows the menu. */
export function chooseLanguage(turn: Turn, choice: LanguageChoice | string): Outcome {
  if (choice === 'vi' || choice === 'en') return setLanguage(turn, choice);
  if (isHearLang(choice)) return setHearLang(turn, choice);
  return languageMenu(turn);
}

/** Switches the texts' language and clears any listening language; confirms in the new language. */
function setLanguage(turn: Turn, locale: Locale): Outcome {
  const next = withLocale(turn, locale);
  const { hearLang: _h, ...session } = turn.session;
  const menu = mainMenu({ ...next, session: { ...session, locale } }, next.t('lang.changed'));
  const effects: Effect[] = [{ type: 'set_locale', locale }];
  if (hearLangOf(turn)) effects.push({ type: 'set_hear_lang', hearLang: null });
  return { ...menu, effects };
}

/** Chooses a language to hear: texts fall back to Vietnamese, audio clips come in that language. */
function setHearLang(turn: Turn, lang: HearLang): Outcome {
  const vi = withLocale(turn, 'vi');
  const lines = [vi.t('lang.hearChanged', { language: hearLangName(vi, lang) })];
  if (!turn.subscriber?.subscribed) lines.push(vi.t('lang.hearSubscribe'));
  const menu = mainMenu(
    { ...vi, session: { ...turn.session, locale: 'vi', hearLang: lang } },
    lines.join('\n'),
  );
  return {
    ...menu,
    effects: [
      { type: 'set_locale', locale: 'vi' },
      { type: 'set_hear_lang', hearLang: lang },
    ],
  };
}
