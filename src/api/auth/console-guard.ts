/**
 * The guard of console pages: without a session the browser is sent to the login page (and back
 * afterwards); an account whose role is too low gets a 403 page. Authentication itself already ran
 * in the hook of ./hooks.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, type Role } from '../access.ts';
import type { AppDeps } from '../app.ts';
import { html } from '../console/html.ts';
import { consoleLang, consoleT } from '../console/index.ts';
import { page } from '../console/layout.ts';

/**
 * Where to go after logging in: only a same-site path ("/admin/broadcasts?x=1"), never "//host",
 * "/\host", a scheme or control characters; anything else means /admin.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 512) return '/admin';
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(next)) return '/admin';
  return next;
}

/** A page preHandler: 303 to /admin/login?next=<this path> without an actor, a 403 page below `role`. */
export function requireConsole(deps: AppDeps, role: Role = 'viewer') {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.actor) {
      const next = safeNext(req.url);
      const lang = consoleLang(req) === 'en' ? '&lang=en' : '';
      return reply.redirect(`/admin/login?next=${encodeURIComponent(next)}${lang}`, 303);
    }
    if (!hasRole(req.actor, role)) {
      const lang = consoleLang(req);
      const t = consoleT(deps, lang);
      const q = lang === 'en' ? '?lang=en' : '';
      const body = html`<p>${t('console-auth:forbidden.text')}</p><p><a href="/admin${q}">${t('console-auth:forbidden.back')}</a></p>`;
      return reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(page({ lang, t, title: t('console-auth:forbidden.title'), actor: req.actor, body }));
    }
  };
}
