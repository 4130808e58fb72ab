/**
 * The console's page shell: Vietnamese first (?lang=en for English), one stylesheet, a skip link, the
 * navigation, the CSRF token for scripts, and no inline script (the CSP forbids it).
 */
import { type Actor, hasRole, type Role } from '../access.ts';
import { type Html, html } from './html.ts';

export type ConsoleLang = 'vi' | 'en';
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export interface PageOptions {
  lang: ConsoleLang;
  t: Translate;
  title: string;
  actor?: Actor;
  /** Which navigation entry is current ("dashboard", "broadcasts", …). */
  current?: string;
  body: Html;
  /** Page scripts under /admin/assets/ (ES modules). */
  scripts?: string[];
  /** Page stylesheets under /admin/assets/, after console.css. */
  styles?: string[];
}

/** Navigation entries: path, i18n key (namespace "console" unless named) and the role that sees them. */
export const NAV: Array<{ id: string; path: string; key: string; role?: Role }> = [
  { id: 'dashboard', path: '/admin', key: 'nav.dashboard' },
  { id: 'broadcasts', path: '/admin/broadcasts', key: 'nav.broadcasts' },
  { id: 'campaigns', path: '/admin/campaigns', key: 'nav.campaigns' },
  { id: 'faq', path: '/admin/faq', key: 'nav.faq' },
  { id: 'directory', path: '/admin/directory', key: 'nav.directory' },
  { id: 'reports', path: '/admin/reports', key: 'nav.reports' },
  { id: 'accounts', path: '/admin/accounts', key: 'console-accounts:nav.accounts', role: 'admin' },
  { id: 'audit', path: '/admin/audit', key: 'console-accounts:nav.audit', role: 'admin' },
];

/** A whole console page as a string, served as text/html; charset=utf-8. */
export function page(o: PageOptions): string {
  const q = o.lang === 'en' ? '?lang=en' : '';
  const nav = o.actor
    ? html`<nav aria-label="${o.t('nav.label')}"><ul>${NAV.filter((n) =>
        hasRole(o.actor, n.role ?? 'viewer'),
      ).map(
        (n) =>
          html`<li><a href="${n.path}${q}" ${n.id === o.current ? html`aria-current="page"` : ''}>${o.t(n.key)}</a></li>`,
      )}</ul>
      <form method="post" action="/admin/logout"><input type="hidden" name="_csrf" value="${o.actor.csrf ?? ''}">
      <span class="who">${o.actor.name}</span> <button type="submit">${o.t('nav.logout')}</button></form></nav>`
    : '';
  return html`<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${o.actor?.csrf ?? ''}">
<title>${o.title} · Hoa Ban</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/assets/console.css">
${(o.styles ?? []).map((s) => html`<link rel="stylesheet" href="/admin/assets/${s}">`)}
${(o.scripts ?? []).map((s) => html`<script type="module" src="/admin/assets/${s}"></script>`)}
</head>
<body>
<a class="skip" href="#main">${o.t('nav.skip')}</a>
<header><a class="brand" href="/admin${q}">Hoa Ban</a>${nav}</header>
<main id="main">
<h1>${o.title}</h1>
${o.body}
</main>
</body>
</html>`.value;
}
