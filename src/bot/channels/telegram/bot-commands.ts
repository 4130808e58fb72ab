/**
 * The chat commands of the README as Telegram shows them in its menu: registered with setMyCommands,
 * Vietnamese by default and English for users whose app speaks English.
 */
import type { I18n } from '../../../i18n.ts';

/** The README's chat commands, in the order the menu lists them. */
export const BOT_COMMANDS = [
  'start',
  'menu',
  'subscribe',
  'unsubscribe',
  'language',
  'erase',
  'deletedata',
  'help',
] as const;

/** The two setMyCommands bodies: the default list (Vietnamese) and the one for language_code "en". */
export function commandLists(
  i18n: I18n,
): Array<{ commands: Array<{ command: string; description: string }>; language_code?: string }> {
  const list = (locale: 'vi' | 'en') =>
    BOT_COMMANDS.map((command) => ({ command, description: i18n.t(locale, `commands.${command}`) }));
  return [{ commands: list('vi') }, { commands: list('en'), language_code: 'en' }];
}
