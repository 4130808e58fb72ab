// Shared by the console's page scripts: JSON (or CSV) calls to /api/v1 with the session's CSRF
// token, the page's strings, and a message box filled with textContent only.
export const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';

/** One call; resolves with { ok, status, data } (data {} when the answer has no JSON). */
export async function api(method, url, body, type = 'application/json') {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': type, 'x-csrf-token': csrf },
    body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body,
    credentials: 'same-origin',
  });
  const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
  return { ok: res.ok, status: res.status, data };
}

/** A translator over the strings the server put in the page ("{{name}}" filled from vars). */
export const translator =
  (strings) =>
  (key, vars = {}) =>
    (strings[key] || key).replace(/\{\{(\w+)\}\}/g, (_, k) => String(vars[k] ?? ''));

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
