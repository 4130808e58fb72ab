/**
 * GET/POST /admin/login and POST /admin/logout. Every login starts a new session (a cookie sent
 * with the login is ignored and its session ended: no session fixation); failures get one generic
 * message; POST /admin/login is limited to 20 a minute per client address, on top of the lockout
 * of an account from one client (src/api/auth/login.ts). The form carries a pre-session signed
 * double-submit token (src/api/auth/login-csrf.ts): a post without it is refused with 403 before any
 * password is checked. Logout needs the session's CSRF
 * token like every other cookie-authenticated post.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { deleteSession } from '../../../db/queries/accounts.ts';
import type { AppDeps } from '../../app.ts';
import { safeNext } from '../../auth/console-guard.ts';
import { acceptForms } from '../../auth/form-body.ts';
import { checkLogin } from '../../auth/login.ts';
import { issueLoginToken, LOGIN_FIELD, loginCookie, loginTokenMatches } from '../../auth/login-csrf.ts';
import {
  cookieName,
  nowOf,
  SESSION_COOKIE,
  sessionCookieOptions,
  startSession,
} from '../../auth/sessions.ts';
import { sha256Hex } from '../../auth/tokens.ts';
import { html } from '../html.ts';
import { consoleLang, consoleT } from '../index.ts';
import { page } from '../layout.ts';

/** Login attempts a client address may make in a minute. */
export const LOGIN_RATE = { max: 20, timeWindow: 60_000 };

type Form = { username?: unknown; password?: unknown; next?: unknown };

export const loginPage =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    acceptForms(app);
    const cookieOptions = sessionCookieOptions(deps.config);
    const login = loginCookie(deps.config);
    const sessionCookie = cookieName(deps.config, SESSION_COOKIE);

    const render = async (
      req: FastifyRequest,
      reply: FastifyReply,
      o: { next: string; error?: string; username?: string },
    ) => {
      const lang = consoleLang(req);
      const t = consoleT(deps, lang);
      const q = lang === 'en' ? '?lang=en' : '';
      const token = await issueLoginToken(deps.bot.database.db, req, reply, login);
      const other = `/admin/login?next=${encodeURIComponent(o.next)}${lang === 'en' ? '' : '&lang=en'}`;
      const body = html`<p>${t('console-auth:login.intro')}</p>
${o.error ? html`<p class="error" role="alert" id="login-error">${o.error}</p>` : ''}
<form method="post" action="/admin/login${q}" class="login">
<input type="hidden" name="next" value="${o.next}">
<input type="hidden" name="${LOGIN_FIELD}" value="${token}">
<label for="username">${t('console-auth:login.username')}</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="40" value="${o.username ?? ''}" ${o.error ? html`aria-describedby="login-error"` : ''}>
<label for="password">${t('console-auth:login.password')}</label>
<input type="password" id="password" name="password" autocomplete="current-password" required maxlength="256">
<p><button type="submit">${t('console-auth:login.submit')}</button></p>
</form>
<p><a href="${other}" lang="${lang === 'en' ? 'vi' : 'en'}">${t('console-auth:login.language')}</a></p>`;
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(page({ lang, t, title: t('console-auth:login.title'), body }));
    };

    // Over the rate limit: the login page with a "wait a minute" message instead of JSON.
    app.setErrorHandler((err: { statusCode?: number }, req, reply) => {
      if (err.statusCode !== 429 || req.method !== 'POST') throw err;
      const t = consoleT(deps, consoleLang(req));
      reply.code(429);
      return render(req, reply, {
        next: safeNext((req.body as Form | undefined)?.next),
        error: t('console-auth:login.tooMany'),
      });
    });

    app.get('/admin/login', async (req, reply) => {
      const { next } = req.query as { next?: unknown };
      return render(req, reply, { next: safeNext(next) });
    });

    app.post('/admin/login', { config: { rateLimit: LOGIN_RATE } }, async (req, reply) => {
      const form = (req.body ?? {}) as Form;
      const next = safeNext(form.next);
      const t = consoleT(deps, consoleLang(req));
      const username = typeof form.username === 'string' ? form.username.slice(0, 40) : '';
      // Login CSRF: a form not served to this browser (or one whose cookie is gone) is refused.
      if (!(await loginTokenMatches(deps.bot.database.db, req, login))) {
        reply.code(403);
        return render(req, reply, { next, username, error: t('console-accounts:login.expired') });
      }
      const password = typeof form.password === 'string' ? form.password : '';
      if (!username || !password || password.length > 256) {
        reply.code(400);
        return render(req, reply, { next, username, error: t('console-auth:login.missing') });
      }
      const db = deps.bot.database.db;
      const now = nowOf(deps);
      const account = await checkLogin(db, { username, password, address: req.ip }, now);
      if (!account) {
        reply.code(401);
        return render(req, reply, { next, username, error: t('console-auth:login.failed') });
      }
      // A session cookie sent along (perhaps planted by someone else) is ended, never reused.
      const old = req.cookies[sessionCookie];
      if (old) await deleteSession(db, sha256Hex(old));
      const session = await startSession(db, account.id, now);
      return reply
        .setCookie(sessionCookie, session.cookie, cookieOptions)
        .clearCookie(login.name, login.options)
        .redirect(next, 303);
    });

    app.post('/admin/logout', async (req, reply) => {
      // The authentication hook already refused this post if it carried a session without its CSRF token.
      const current = req.cookies[sessionCookie];
      if (current && req.actor?.via === 'session')
        await deleteSession(deps.bot.database.db, sha256Hex(current));
      const q = consoleLang(req) === 'en' ? '?lang=en' : '';
      return reply.clearCookie(sessionCookie, cookieOptions).redirect(`/admin/login${q}`, 303);
    });
  };
