// Shared by the console's page scripts: JSON (or CSV) calls to /api/v1 with the session's CSRF
// token, the page's strings, and a message box filled with textContent only.
export const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';

/** One call; resolves with { ok, status, data } (data {} when the answer has no JSON). */
export async function api(method, url, body, type = 'application/json') {
  const res = await fetch(url, {
    method,
    // A body says what it is; a call without one sends no content-type (the server would parse none).
    headers: body === undefined ? { 'x-csrf-token': csrf } : { 'content-type': type, 'x-csrf-token': csrf },
    body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body,
    credentials: 'same-origin',
  });
  const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
  return { ok: res.ok, status: res.status, data };
}

/** Like api, but a failed connection resolves as a refusal with no status instead of throwing. */
export const attempt = (method, url, body) =>
  api(method, url, body).catch(() => ({ ok: false, status: undefined, data: {} }));

/** A GET for JSON: its data, or null when the server refuses. */
export async function getJson(url) {
  const { ok, data } = await api('GET', url);
  return ok ? data : null;
}

/** What to tell the officer about a refused call: the server's message, else its HTTP status. */
export const errorMessage = (res) => res.data?.message ?? res.status ?? '';

/** Fills "{{name}}" in a text from vars (a missing one becomes ''). */
export const fillIn = (text, vars = {}) => text.replace(/\{\{(\w+)\}\}/g, (_, k) => String(vars[k] ?? ''));

/** The strings the server put in an element's data-strings attribute ({} when it has none). */
export const pageStrings = (el) => JSON.parse(el?.dataset.strings || '{}');

/** A translator over the strings the server put in the page ("{{name}}" filled from vars). */
export const translator =
  (strings) =>
  (key, vars = {}) =>
    fillIn(strings[key] ?? key, vars);

/** Reloads the page (so everything shown comes from the server) and keeps a message for after it. */
export function reloadWith(key, message) {
  sessionStorage.setItem(key, message);
  location.reload();
}

/** The message reloadWith kept, once (null when there is none). */
export function takeFlash(key) {
  const message = sessionStorage.getItem(key);
  if (message !== null) sessionStorage.removeItem(key);
  return message;
}

/** Fills a status box with a title and an optional list of lines; kind is its class (ok, error). */
export function showMessage(box, title, lines = [], kind = 'ok') {
  box.replaceChildren();
  box.className = kind;
  const p = document.createElement('p');
  p.textContent = title;
  box.append(p);
  if (lines.length) {
    const ul = document.createElement('ul');
    for (const line of lines) {
      const li = document.createElement('li');
      li.textContent = line;
      ul.append(li);
    }
    box.append(ul);
  }
}
