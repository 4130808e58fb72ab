// The campaign calendar: approve, disable, enable and edit occurrences, save the year's theme,
// dismiss reminders and make a chat link code, all through /api/v1 with the session's CSRF token.
import { attempt, errorMessage, pageStrings, reloadWith, takeFlash, translator } from './console-api.js';

const root = document.getElementById('campaigns');
const fill = translator(pageStrings(root));
const result = document.getElementById('result');
const FLASH = 'campaigns.result';

/** One call; a refusal is shown in the result line and resolves undefined, else the answer's JSON. */
async function call(method, path, body) {
  result.textContent = '';
  const res = await attempt(method, path, body);
  if (!res.ok) {
    result.className = 'error';
    result.textContent = fill('occ.error', { message: errorMessage(res) });
    return undefined;
  }
  result.className = 'ok';
  return res.data;
}

/** After a change the page is read again, so status, approval and buttons all come from the server. */
const reload = (message) => reloadWith(FLASH, message);

if (root) {
  const said = takeFlash(FLASH);
  if (said) {
    result.className = 'ok';
    result.textContent = said;
  }
  root.addEventListener('click', async (e) => {
    const button = e.target.closest('button[data-action], button[data-dismiss]');
    if (!button) return;
    // Turning an occurrence off stops it going out: the officer confirms first.
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    button.disabled = true;
    const ok = button.dataset.dismiss
      ? await call('POST', `/api/v1/notices/${button.dataset.dismiss}/dismiss`, {})
      : await call('POST', `/api/v1/campaigns/occurrences/${button.dataset.id}/${button.dataset.action}`, {});
    button.disabled = false;
    if (ok) reload(fill('occ.done'));
  });
  for (const form of root.querySelectorAll('form.edit')) {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const vi = form.elements.vi.value;
      const en = form.elements.en.value;
      const message = en.trim() ? { vi, en } : { vi };
      if (await call('PATCH', `/api/v1/campaigns/occurrences/${form.dataset.id}`, { message }))
        reload(fill('occ.saved'));
    });
  }
  document.getElementById('theme-form')?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    const theme = { vi: f.elements.vi.value.trim() };
    if (f.elements.en.value.trim()) theme.en = f.elements.en.value.trim();
    if (await call('PUT', `/api/v1/campaigns/themes/${root.dataset.year}`, theme))
      result.textContent = fill('theme.saved');
  });
  document.getElementById('link-code')?.addEventListener('click', async (e) => {
    e.currentTarget.disabled = true;
    const made = await call('POST', '/api/v1/officer-link-codes', {});
    if (!made) {
      e.currentTarget.disabled = false;
      return;
    }
    document.getElementById('link-command').textContent = `/officer ${made.code}`;
    const at = new Date(made.expiresAt).toLocaleString(
      document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN',
      {
        timeZone: 'Asia/Ho_Chi_Minh',
      },
    );
    document.getElementById('link-expires').textContent = fill('link.expires', { at });
    document.getElementById('link-result').hidden = false;
  });
}
