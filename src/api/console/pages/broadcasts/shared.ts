/**
 * What the broadcasts and campaigns pages share: the page guard (a console session, else the login
 * page), the HTML reply, local times and the audience in words.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Audience } from '../../../../db/schema/broadcasts.ts';
import type { AppDeps } from '../../../app.ts';
import { authenticate } from '../../../auth/authenticate.ts';
import type { ConsoleLang, Translate } from '../../layout.ts';

/** A preHandler for console pages: resolves the officer, or sends the browser to the login page. */
export function pageGuard(deps: AppDeps) {
  const auth = authenticate(deps);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    await auth(req);
    if (!req.actor) return reply.redirect(`/admin/login?next=${encodeURIComponent(req.url)}`);
  };
}

/** Sends a whole page; pages carry officers' data, so no cache keeps them. */
export function sendPage(reply: FastifyReply, body: string, code = 200) {
  return reply.code(code).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/** A time as officers read it: local to the service's zone, in the page's language. */
export function localTime(at: Date | string | null | undefined, lang: ConsoleLang, timeZone: string): string {
  if (!at) return '';
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
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
