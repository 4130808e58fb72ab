// The accounts pages: create an account, change its role and scope, reset its password, disable,
// enable or unlock it, create (shown once) and revoke API tokens, all through /api/v1/accounts with
// the session's CSRF token. Values from the server are set with textContent only.
import { api, errorMessage, pageStrings, reloadWith, takeFlash, translator } from './console-api.js';

const root = document.getElementById('accounts-root');
const fill = translator(pageStrings(root));
const accountId = root?.dataset.account;
const FLASH = 'hb-accounts-flash';

/** Shows a message after the reload that brings the page up to date. */
const reload = (message) => reloadWith(FLASH, message);
const flash = document.getElementById('flash');
const said = flash && takeFlash(FLASH);
if (said) flash.textContent = said;

/** The role and scope a form asks for, as the API takes them (an admin is always province-wide). */
function roleAndScope(form) {
  const role = form.elements.role.value;
  if (role === 'admin') return { role };
  if (form.querySelector('[name="province"]').checked) return { role, province: true };
  const ticked = (name) => [...form.querySelectorAll(`[name="${name}"]:checked`)].map((i) => i.value);
  return { role, units: ticked('units'), formerDistricts: ticked('formerDistricts') };
}

/** Greys out the lists when the whole province is ticked, and the whole picker for an admin. */
function wirePicker(form) {
  const scope = form.querySelector('[data-scope]');
  if (!scope) return;
  const province = scope.querySelector('[name="province"]');
  const districts = scope.querySelector('.districts');
  const sync = () => {
    scope.disabled = form.elements.role.value === 'admin';
    for (const input of districts.querySelectorAll('input')) input.disabled = province.checked;
  };
  province.addEventListener('change', sync);
  form.elements.role.addEventListener('change', sync);
  sync();
}

/** Submits a form through the API; errors stay on the form with what the officer typed. */
function wireForm(id, send) {
  const form = document.getElementById(id);
  if (!form) return;
  wirePicker(form);
  const error = form.querySelector('.error');
  const button = form.querySelector('button[type="submit"]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    button.disabled = true;
    try {
      const res = await send(form);
      if (!res.ok) error.textContent = fill('edit.failed', { message: errorMessage(res) });
    } catch (e) {
      error.textContent = fill('edit.failed', { message: e.message });
    } finally {
      button.disabled = false;
    }
  });
}

wireForm('create-account', async (form) => {
  const username = form.elements.username.value.trim();
  const res = await api('POST', '/api/v1/accounts', {
    username,
    password: form.elements.password.value,
    ...roleAndScope(form),
  });
  if (res.ok) reload(fill('create.done', { name: username }));
  return res;
});

const base = `/api/v1/accounts/${accountId}`;
wireForm('role-scope', async (form) => {
  const res = await api('PATCH', base, roleAndScope(form));
  if (res.ok) reload(fill('edit.saved'));
  return res;
});
// A new password revokes the account's API tokens unless "keep API tokens" is ticked; the reload
// shows the tokens as they now are.
wireForm('password-form', async (form) => {
  const keepTokens = form.elements.keepTokens.checked;
  const res = await api('PATCH', base, { password: form.elements.password.value, keepTokens });
  if (res.ok) {
    form.reset();
    reload(
      keepTokens
        ? fill('edit.passwordSetKept')
        : fill('edit.passwordSet', { count: res.data.tokensRevoked ?? 0 }),
    );
  }
  return res;
});

/** A token's new row (from the page's template), so it can be revoked without a reload. */
function addTokenRow(created) {
  const row = document.getElementById('token-row').content.firstElementChild.cloneNode(true);
  const cells = row.querySelectorAll('td');
  const name = created.label || fill('tokens.unnamed');
  cells[0].textContent = name;
  cells[1].textContent = new Date(created.createdAt).toLocaleString(
    root.dataset.lang === 'en' ? 'en-GB' : 'vi-VN',
    {
      timeZone: root.dataset.tz,
    },
  );
  row.dataset.token = String(created.id);
  const revoke = row.querySelector('[data-revoke]');
  revoke.dataset.revoke = String(created.id);
  revoke.setAttribute('aria-label', fill('tokens.revokeLabel', { name }));
  revoke.dataset.confirm = fill('tokens.confirmRevoke', { name });
  document.getElementById('token-rows').prepend(row);
  document.getElementById('no-tokens')?.remove();
}

wireForm('token-form', async (form) => {
  const res = await api('POST', `${base}/tokens`, { label: form.elements.label.value.trim() });
  if (res.ok) {
    document.getElementById('token-value').textContent = res.data.token;
    document.getElementById('token-shown').hidden = false;
    addTokenRow(res.data);
    form.reset();
    document.getElementById('token-copy').focus();
  }
  return res;
});

document.getElementById('token-copy')?.addEventListener('click', async () => {
  const code = document.getElementById('token-value');
  try {
    await navigator.clipboard.writeText(code.textContent);
    flash.textContent = fill('tokens.copied');
  } catch {
    // Without clipboard access (plain http): select the token so Ctrl+C copies it.
    getSelection().selectAllChildren(code);
  }
});

/** Buttons that change one thing: disable, enable, unlock (data-patch) and revoke (data-revoke). */
root?.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-patch], button[data-revoke]');
  if (!button) return;
  // Disabling an account and revoking a token take effect at once: the officer confirms first.
  if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
  const section = button.closest('section');
  const error = section.querySelector('.error');
  button.disabled = true;
  const res = button.dataset.patch
    ? await api('PATCH', base, JSON.parse(button.dataset.patch))
    : await api('DELETE', `${base}/tokens/${button.dataset.revoke}`);
  button.disabled = false;
  if (res.ok) reload(fill('edit.saved'));
  else if (error) error.textContent = fill('edit.failed', { message: errorMessage(res) });
});
