/**
 * /admin/audit for admins: the audit log, 100 entries at a time (read by audit.js from GET
 * /api/v1/audit), with the time in Viet Nam time, who, the action in words and its target, filtered
 * by the kind of action. Entries are written by code and officers alike, so the script sets text only.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { requireConsole } from '../../auth/console-guard.ts';
import { html } from '../html.ts';
import { consoleLang, consoleT } from '../index.ts';
import { page } from '../layout.ts';
import { clientStrings, sendPage } from './broadcasts/shared.ts';

/** The kinds of action the filter offers, by the prefix of their names. */
export const AUDIT_PREFIXES = ['broadcast', 'occurrence', 'faq', 'directory', 'account'] as const;
const ACTIONS = [
  ...['broadcast.create', 'broadcast.send', 'broadcast.approve', 'broadcast.cancel', 'broadcast.retry'],
  ...['broadcast.done', 'occurrence.create', 'occurrence.edit', 'occurrence.approve', 'occurrence.disable'],
  ...['occurrence.enable', 'occurrence.fire', 'occurrence.missed', 'faq.create', 'faq.update', 'faq.delete'],
  ...['directory.create', 'directory.update', 'directory.delete', 'directory.import', 'account.create'],
  ...['account.update', 'account.token.create', 'account.token.revoke', 'setting.update', 'notice.dismiss'],
  ...['officer_code.create', 'officer_chat_linked'],
];
const KEYS = [
  ...ACTIONS.map((a) => `actions.${a}`),
  ...['loading', 'empty', 'failed', 'count', 'system', 'adminToken', 'token'].map((k) => `audit.${k}`),
  ...['time', 'actor', 'action', 'target', 'details'].map((k) => `audit.${k}`),
];

/** Registers /admin/audit (admins only). */
export const auditPage =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.addHook('preHandler', requireConsole(deps, 'admin'));
    app.get('/admin/audit', async (req, reply) => {
      const lang = consoleLang(req);
      const t = consoleT(deps, lang, 'console-accounts');
      const { action } = req.query as { action?: string };
      const chosen = AUDIT_PREFIXES.find((p) => p === action) ?? '';
      const option = (value: string, label: string) =>
        html`<option value="${value}" ${value === chosen ? html`selected` : ''}>${label}</option>`;
      const body = html`<div id="audit-root" data-strings="${clientStrings(t, KEYS)}" data-tz="${deps.config.timezone}" data-lang="${lang}">
<p>${t('audit.intro')}</p>
<form class="audit-filter" method="get" action="/admin/audit">
${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
<label for="audit-action">${t('audit.filter')}</label>
<select id="audit-action" name="action">${option('', t('audit.all'))}${AUDIT_PREFIXES.map((p) => option(p, t(`audit.${p}`)))}</select>
<noscript><button type="submit">OK</button></noscript>
</form>
<p id="audit-status" role="status">${t('audit.loading')}</p>
<table class="audit cards"><thead><tr><th scope="col">${t('audit.time')}</th><th scope="col">${t('audit.actor')}</th>
<th scope="col">${t('audit.action')}</th><th scope="col">${t('audit.target')}</th><th scope="col">${t('audit.details')}</th></tr></thead>
<tbody id="audit-rows"></tbody></table>
<p><button id="audit-more" type="button" hidden>${t('audit.more')}</button></p></div>`;
      const shell = { lang, t: consoleT(deps, lang), actor: req.actor, current: 'audit' };
      return sendPage(
        reply,
        page({ ...shell, title: t('audit.title'), body, scripts: ['audit.js'], styles: ['accounts.css'] }),
      );
    });
  };
