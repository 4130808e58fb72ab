/**
 * What the broadcasts and campaigns pages share: the HTML reply, officers' names, local times and the
 * audience in words.
 */
import type { FastifyReply } from 'fastify';
import type { Db } from '../../../../db/client.ts';
import { accountById } from '../../../../db/queries/accounts.ts';
import type { Audience } from '../../../../db/schema/broadcasts.ts';
import type { AppDeps } from '../../../app.ts';
import { requireConsole } from '../../../auth/console-guard.ts';
import type { ConsoleLang, Translate } from '../../layout.ts';

/** The console pages' guard (a session, else the login page); kept for the pages that import it here. */
export const pageGuard = (deps: AppDeps) => requireConsole(deps);

/** Sends a whole page; pages carry officers' data, so no cache keeps them. */
export function sendPage(reply: FastifyReply, body: string, code = 200) {
  return reply.code(code).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/**
 * The names of the actor ids the audit fields keep ("user:3" -> the account's login name), so officers
 * see who wrote and approved; ids of tokens and the admin token stay as they are.
 */
export async function actorNames(
  db: Db,
  ids: Array<string | null>,
): Promise<(id: string | null) => string | undefined> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const m = id ? /^user:(\d{1,15})$/.exec(id) : null;
    const account = m ? await accountById(db, Number(m[1])) : undefined;
    if (id && account) names.set(id, account.username);
  }
  return (id) => (id ? (names.get(id) ?? id) : undefined);
}

/** A time as officers read it: local to the service's zone, in the page's language. */
export function localTime(at: Date | string | null | undefined, lang: ConsoleLang, timeZone: string): string {
  if (!at) return '';
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}

/** The audience in words ("Kênh: Telegram · Xã, phường: Chiềng Lao"), t in console-broadcasts. */
export function audienceText(t: Translate, a: Audience): string {
  const parts: string[] = [];
  const names = (prefix: string, list: string[] | undefined) =>
    list?.length ? list.map((v) => (prefix ? t(`${prefix}.${v}`) : v)).join(', ') : '';
  if (a.channels?.length) parts.push(t('audience.channels', { list: names('channel', a.channels) }));
  if (a.units?.length) parts.push(t('audience.units', { list: names('', a.units) }));
  if (a.formerDistricts?.length)
    parts.push(t('audience.formerDistricts', { list: names('', a.formerDistricts) }));
  if (a.locales?.length) parts.push(t('audience.locales', { list: names('locale', a.locales) }));
  return parts.length ? parts.join(' · ') : t('audience.everyone');
}

/** The query string that keeps the page's language on links ("?lang=en" or ""). */
export const langQuery = (lang: ConsoleLang) => (lang === 'en' ? '?lang=en' : '');

/** Translated strings a page script needs, as JSON for a data attribute ({{x}} left for the script). */
export const clientStrings = (t: Translate, keys: string[]): string =>
  JSON.stringify(Object.fromEntries(keys.map((k) => [k, t(k)])));
