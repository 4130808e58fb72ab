/**
 * Recognises chat commands: Telegram's /commands and the same words typed on Zalo or in the web
 * chat, with or without the slash, diacritics or capitals (the README's chat commands).
 */
import { languageChoice } from './language.ts';
import { fold, trimFillers } from './text.ts';

export type CommandName =
  | 'start'
  | 'menu'
  | 'subscribe'
  | 'unsubscribe'
  | 'language'
  | 'erase'
  | 'deletedata'
  | 'help'
  | 'officer';

/**
 * A recognised command. payload: after /start a deep-link unit name; after /language the language
 * chosen (vi, en, thai, hmong); after /officer a one-time code or "off".
 */
export interface Command {
  name: CommandName;
  payload?: string;
}

const SLASH: Record<string, CommandName> = {
  start: 'start',
  menu: 'menu',
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  stop: 'unsubscribe',
  language: 'language',
  lang: 'language',
  erase: 'erase',
  deletedata: 'deletedata',
  help: 'help',
  officer: 'officer',
};

/** Words before a typed officer code: "cán bộ K7P4QX2M", "can bo: k7p4qx2m", "officer K7P4QX2M". */
const OFFICER_WORDS = new Set(['can bo', 'ma can bo', 'officer']);
/** A code typed without the slash: one token with a digit, so "cán bộ phường" stays a question. */
const TYPED_CODE = /^(?=.*\d)[A-Za-z0-9_-]{6,64}$/;

/** "cán bộ CODE" / "cán bộ off" typed without the slash; undefined for anything else. */
function typedOfficer(text: string): Command | undefined {
  const tokens = text.trim().split(/\s+/);
  const last = tokens.at(-1) ?? '';
  if (tokens.length < 2 || !OFFICER_WORDS.has(fold(tokens.slice(0, -1).join(' ')))) return undefined;
  if (fold(last) === 'off') return { name: 'officer', payload: 'off' };
  return TYPED_CODE.test(last) ? { name: 'officer', payload: last } : undefined;
}

/** Whole-message phrases (folded). Sorted longest first so "huy dang ky" wins over "dang ky". */
const PHRASES: ReadonlyArray<readonly [string, CommandName]> = (
  [
    ['huy dang ky nhan tin', 'unsubscribe'],
    ['huy dang ky', 'unsubscribe'],
    ['huy dang ki', 'unsubscribe'],
    ['huy nhan tin', 'unsubscribe'],
    ['dung nhan tin', 'unsubscribe'],
    ['unsubscribe', 'unsubscribe'],
    ['stop', 'unsubscribe'],
    ['dang ky nhan tin', 'subscribe'],
    ['dang ky', 'subscribe'],
    ['dang ki', 'subscribe'],
    ['subscribe', 'subscribe'],
    ['xoa du lieu cua toi', 'deletedata'],
    ['xoa du lieu', 'deletedata'],
    ['delete my data', 'deletedata'],
    ['delete data', 'deletedata'],
    ['deletedata', 'deletedata'],
    ['tro giup', 'help'],
    ['huong dan', 'help'],
    ['help', 'help'],
    ['menu', 'menu'],
    ['trang chu', 'menu'],
    ['doi ngon ngu', 'language'],
    ['ngon ngu', 'language'],
    ['language', 'language'],
    ['bat dau', 'start'],
    ['start', 'start'],
    ['erase', 'erase'],
  ] as const
).toSorted((a, b) => b[0].length - a[0].length);

const BEFORE = ['toi muon', 'minh muon', 'em muon', 'cho toi', 'cho minh', 'i want to', 'please', 'xin'];
const AFTER = ['a', 'nhe', 'nha', 'di', 'giup toi', 'giup minh', 'please'];

/** Returns the command the message is, or undefined when it is anything else (a question, a name). */
export function parseCommand(text: string): Command | undefined {
  const slash = /^\/([a-z_]+)(?:@\S*)?(?:\s+([\s\S]*))?$/i.exec(text.trim());
  if (slash) {
    const name = SLASH[(slash[1] ?? '').toLowerCase()] ?? 'menu';
    const payload = slash[2]?.trim();
    if (!payload) return { name };
    if (name === 'start' || name === 'officer') return { name, payload };
    const choice = name === 'language' ? languageChoice(payload, true) : undefined;
    return choice ? { name, payload: choice } : { name };
  }
  const officer = typedOfficer(text);
  if (officer) return officer;
  const folded = trimFillers(fold(text), BEFORE, AFTER);
  const choice = languageChoice(folded);
  if (choice) return { name: 'language', payload: choice };
  const hit = PHRASES.find(([phrase]) => folded === phrase);
  return hit ? { name: hit[1] } : undefined;
}

/** A bare number ("2", "2.", " 3) ") picks the n-th button on channels that cannot press buttons. */
export function parseChoice(text: string): number | undefined {
  const m = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}
