/**
 * Recognises chat commands: Telegram's /commands and the same words typed on Zalo or in the web
 * chat, with or without the slash, diacritics or capitals (CONTRACT.md, "Chat commands").
 */
import { fold, trimFillers } from './text.ts';

export type CommandName =
  | 'start'
  | 'menu'
  | 'subscribe'
  | 'unsubscribe'
  | 'language'
  | 'erase'
  | 'deletedata'
  | 'help';

/** A recognised command; payload is what followed "/start" (a deep-link unit name). */
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
};

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
    return payload && name === 'start' ? { name, payload } : { name };
  }
  const folded = trimFillers(fold(text), BEFORE, AFTER);
  const hit = PHRASES.find(([phrase]) => folded === phrase);
  return hit ? { name: hit[1] } : undefined;
}

/** A bare number ("2", "2.", " 3) ") picks the n-th button on channels that cannot press buttons. */
export function parseChoice(text: string): number | undefined {
  const m = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}
