/**
 * The body of /admin/accounts/:id: role and scope, a new password, disable/enable and unlock, and the
 * account's API tokens (a new one is shown once by accounts.js). Every button goes through the
 * accounts API; this page only shows what is stored.
 */
import type { Unit } from '../../../../content/types.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../auth/passwords.ts';
import { type Html, html } from '../../html.ts';
import type { ConsoleLang, Translate } from '../../layout.ts';
import { langQuery, localTime } from '../broadcasts/shared.ts';
import { type AccountView, scopeText, stateText } from './list.ts';
import { roleSelect, scopePicker } from './scope-picker.ts';

/** A token as the page lists it (never the token itself). */
export interface TokenItem {
  id: number;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The edit page's sections. */
export function editBody(o: {
  t: Translate;
  lang: ConsoleLang;
  tz: string;
  account: AccountView;
  tokens: TokenItem[];
  units: Unit[];
  strings: string;
}): Html {
  const { t, lang, tz, account: a } = o;
  const time = (d: Date | null) => localTime(d, lang, tz);
  const patch = (body: object, label: string, confirm = '') =>
    html`<button type="button" data-patch="${JSON.stringify(body)}" ${confirm ? html`data-confirm="${confirm}"` : ''}>${label}</button>`;
  const tokenName = (k: TokenItem) => k.label || t('tokens.unnamed');
  const token = (k: TokenItem) => html`<tr data-token="${k.id}">
<td data-label="${t('tokens.name')}">${tokenName(k)}</td>
<td data-label="${t('tokens.created')}">${time(k.createdAt)}</td>
<td data-label="${t('tokens.lastUsed')}">${k.lastUsedAt ? time(k.lastUsedAt) : t('tokens.neverUsed')}</td>
<td data-label="${t('tokens.state')}">${k.revokedAt ? t('tokens.revoked', { time: time(k.revokedAt) }) : t('tokens.active')}</td>
<td>${k.revokedAt ? '' : html`<button type="button" data-revoke="${k.id}" aria-label="${t('tokens.revokeLabel', { name: tokenName(k) })}" data-confirm="${t('tokens.confirmRevoke', { name: tokenName(k) })}">${t('tokens.revoke')}</button>`}</td></tr>`;
  return html`<div id="accounts-root" data-strings="${o.strings}" data-account="${a.id}" data-tz="${tz}" data-lang="${lang}">
<p><a href="/admin/accounts${langQuery(lang)}">← ${t('edit.back')}</a></p>
<dl class="facts"><dt>${t('list.role')}</dt><dd>${t(`role.${a.role}`)}</dd>
<dt>${t('list.scope')}</dt><dd>${scopeText(t, a)}</dd>
<dt>${t('list.state')}</dt><dd id="account-state">${stateText(t, a, lang, tz)}</dd>
<dt>${t('list.lastLogin')}</dt><dd>${a.lastLoginAt ? time(a.lastLoginAt) : t('list.never')}</dd></dl>
<p id="flash" role="status" class="flash"></p>
<section aria-labelledby="rs-h"><h2 id="rs-h">${t('edit.roleScope')}</h2>
<form id="role-scope" class="account-form">
${roleSelect(t, 'edit-role', a.role)}
${scopePicker(t, o.units, a, 'edit')}
<p class="error" role="alert"></p>
<p><button type="submit">${t('edit.save')}</button></p></form></section>
<section aria-labelledby="pw-h"><h2 id="pw-h">${t('edit.password')}</h2>
<form id="password-form" class="account-form">
<label for="edit-password">${t('edit.newPassword')}</label>
<input type="password" id="edit-password" name="password" required minlength="${PASSWORD_MIN}" maxlength="${PASSWORD_MAX}" autocomplete="new-password" aria-describedby="edit-password-hint">
<p class="hint" id="edit-password-hint">${t('edit.passwordNote')}</p>
<p class="check"><input type="checkbox" id="edit-keep-tokens" name="keepTokens" aria-describedby="edit-keep-tokens-hint">
<label for="edit-keep-tokens">${t('edit.keepTokens')}</label></p>
<p class="hint" id="edit-keep-tokens-hint">${t('edit.keepTokensHint')}</p>
<p class="error" role="alert"></p>
<p><button type="submit">${t('edit.setPassword')}</button></p></form></section>
<section aria-labelledby="st-h" id="status-section"><h2 id="st-h">${t('edit.status')}</h2>
<p class="actions">${a.disabled ? patch({ disabled: false }, t('edit.enable')) : patch({ disabled: true }, t('edit.disable'), t('edit.confirmDisable', { name: a.username }))}
${a.locked || a.lockedClients > 0 ? patch({ unlock: true }, t('edit.unlock')) : ''}</p>
<p class="error" role="alert"></p></section>
<section aria-labelledby="tk-h" id="tokens"><h2 id="tk-h">${t('tokens.heading')}</h2>
<p>${t('tokens.intro')}</p>
<div id="token-shown" class="token-shown" hidden><p>${t('tokens.shown')}</p>
<p><code id="token-value"></code> <button type="button" id="token-copy">${t('tokens.copy')}</button></p></div>
<table class="tokens cards"><thead><tr><th scope="col">${t('tokens.name')}</th><th scope="col">${t('tokens.created')}</th>
<th scope="col">${t('tokens.lastUsed')}</th><th scope="col">${t('tokens.state')}</th><th scope="col"><span class="visually-hidden">${t('tokens.revoke')}</span></th></tr></thead>
<tbody id="token-rows">${o.tokens.map(token)}</tbody></table>
${o.tokens.length ? '' : html`<p id="no-tokens">${t('tokens.none')}</p>`}
<template id="token-row"><tr><td data-label="${t('tokens.name')}"></td><td data-label="${t('tokens.created')}"></td>
<td data-label="${t('tokens.lastUsed')}">${t('tokens.neverUsed')}</td><td data-label="${t('tokens.state')}">${t('tokens.active')}</td>
<td><button type="button" data-revoke="">${t('tokens.revoke')}</button></td></tr></template>
<form id="token-form" class="account-form">
<label for="token-label">${t('tokens.label')}</label>
<input type="text" id="token-label" name="label" maxlength="100" autocomplete="off">
<p class="error" role="alert"></p>
<p><button type="submit">${t('tokens.create')}</button></p></form></section></div>`;
}
