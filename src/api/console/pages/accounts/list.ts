/**
 * The body of /admin/accounts: every account with its role, scope, state and last sign-in, and the
 * form that creates one (posted by accounts.js to POST /api/v1/accounts).
 */
import type { Unit } from '../../../../content/types.ts';
import type { accountView } from '../../../auth/account-rules.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../auth/passwords.ts';
import { type Html, html } from '../../html.ts';
import type { ConsoleLang, Translate } from '../../layout.ts';
import { langQuery, localTime } from '../broadcasts/shared.ts';
import { roleSelect, scopePicker } from './scope-picker.ts';

export type AccountView = ReturnType<typeof accountView>;

/** Strings accounts.js needs. */
export const SCRIPT_KEYS = [
  ...['edit.saved', 'edit.failed', 'create.done', 'edit.passwordSet', 'edit.passwordSetKept'],
  ...['tokens.copied', 'tokens.revokeLabel', 'tokens.unnamed', 'tokens.confirmRevoke'],
];

/** The scope in words: "Toàn tỉnh", or the former districts and the communes and wards. */
export function scopeText(t: Translate, a: Pick<AccountView, 'province' | 'units' | 'formerDistricts'>) {
  if (a.province) return t('scope.province');
  return [...a.formerDistricts.map((name) => t('scope.formerDistrict', { name })), ...a.units].join(', ');
}

/** The account's state in words (disabled first: a disabled account cannot sign in at all). */
export function stateText(t: Translate, a: AccountView, lang: ConsoleLang, tz: string) {
  if (a.disabled) return t('state.disabled');
  if (a.locked) return t('state.locked', { time: localTime(a.lockedUntil, lang, tz) });
  if (a.lockedClients > 0) return t('state.lockedClients', { count: a.lockedClients });
  return t('state.active');
}

/** The list and the create form. */
export function listBody(o: {
  t: Translate;
  lang: ConsoleLang;
  tz: string;
  accounts: AccountView[];
  units: Unit[];
  strings: string;
}): Html {
  const { t, lang, tz } = o;
  const q = langQuery(lang);
  const row = (a: AccountView) => html`<tr data-account="${a.username}">
<td data-label="${t('list.username')}"><a href="/admin/accounts/${a.id}${q}">${a.username}</a></td>
<td data-label="${t('list.role')}">${t(`role.${a.role}`)}</td>
<td data-label="${t('list.scope')}">${scopeText(t, a)}</td>
<td data-label="${t('list.state')}" class="${a.disabled || a.locked || a.lockedClients > 0 ? 'state-off' : ''}">${stateText(t, a, lang, tz)}</td>
<td data-label="${t('list.lastLogin')}">${a.lastLoginAt ? localTime(a.lastLoginAt, lang, tz) : t('list.never')}</td>
<td><a href="/admin/accounts/${a.id}${q}" aria-label="${t('list.editLabel', { name: a.username })}">${t('list.edit')}</a></td>
</tr>`;
  return html`<div id="accounts-root" data-strings="${o.strings}">
<p id="flash" role="status" class="flash"></p>
<section aria-labelledby="list-h"><h2 id="list-h">${t('list.heading')}</h2>
<table class="accounts cards"><thead><tr><th scope="col">${t('list.username')}</th><th scope="col">${t('list.role')}</th>
<th scope="col">${t('list.scope')}</th><th scope="col">${t('list.state')}</th><th scope="col">${t('list.lastLogin')}</th>
<th scope="col">${t('list.actions')}</th></tr></thead>
<tbody>${o.accounts.map(row)}</tbody></table></section>
<section aria-labelledby="create-h"><h2 id="create-h">${t('create.heading')}</h2>
<form id="create-account" class="account-form">
<label for="new-username">${t('create.username')}</label>
<input type="text" id="new-username" name="username" required pattern="[a-z0-9._\\-]{3,40}" maxlength="40" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="new-username-hint">
<p class="hint" id="new-username-hint">${t('create.usernameHint')}</p>
<label for="new-password">${t('create.password')}</label>
<input type="password" id="new-password" name="password" required minlength="${PASSWORD_MIN}" maxlength="${PASSWORD_MAX}" autocomplete="new-password" aria-describedby="new-password-hint">
<p class="hint" id="new-password-hint">${t('create.passwordHint')}</p>
${roleSelect(t, 'new-role', 'officer')}
${scopePicker(t, o.units, { province: false, units: [], formerDistricts: [] }, 'new')}
<p class="error" role="alert" id="create-error"></p>
<p><button type="submit">${t('create.submit')}</button></p>
</form></section></div>`;
}
