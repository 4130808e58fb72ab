// The audit log page: entries from GET /api/v1/audit, 100 at a time, newest first, of the kind of
// action chosen (filtered by the server), with "show older" following the API's next cursor and
// account names from GET /api/v1/accounts. Every value goes in with textContent, never as markup.
import { getJson, pageStrings, translator } from './console-api.js';

const root = document.getElementById('audit-root');
const S = pageStrings(root);
const tz = root?.dataset.tz || 'Asia/Ho_Chi_Minh';
const locale = root?.dataset.lang === 'en' ? 'en-GB' : 'vi-VN';
const select = document.getElementById('audit-action');
const status = document.getElementById('audit-status');
const rows = document.getElementById('audit-rows');
const more = document.getElementById('audit-more');
const PAGE = 100;

const fill = translator(S);
const when = new Intl.DateTimeFormat(locale, {
  timeZone: tz,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

let entries = [];
let next;
let loads = 0;
const names = new Map();

/** Who in words: an account's login name, an API token, the ADMIN_TOKEN, or the service itself. */
function actorText(id) {
  const user = /^user:(\d+)$/.exec(id);
  if (user) return names.get(Number(user[1])) ?? id;
  const token = /^token:(\d+)$/.exec(id);
  if (token) return fill('audit.token', { id: token[1] });
  if (id === 'admin-token') return fill('audit.adminToken');
  if (id === 'system') return fill('audit.system');
  return id;
}

/** The target, with the login name of an account ("account:4 · can-bo.lao"). */
function targetText(target) {
  const account = /^account:(\d+)$/.exec(target);
  const name = account && names.get(Number(account[1]));
  return name ? `${target} · ${name}` : target;
}

const actionText = (action) => (S[`actions.${action}`] ? fill(`actions.${action}`) : action);

function cell(tr, label, text, cls) {
  const td = document.createElement('td');
  td.dataset.label = label;
  if (cls) td.className = cls;
  td.textContent = text;
  tr.append(td);
}

function render() {
  rows.replaceChildren(
    ...entries.map((e) => {
      const tr = document.createElement('tr');
      tr.dataset.action = e.action;
      cell(tr, fill('audit.time'), when.format(new Date(e.at)));
      cell(tr, fill('audit.actor'), actorText(e.actor));
      cell(tr, fill('audit.action'), actionText(e.action));
      cell(tr, fill('audit.target'), targetText(e.target));
      const details = e.details && Object.keys(e.details).length ? JSON.stringify(e.details) : '';
      cell(tr, fill('audit.details'), details, 'details');
      return tr;
    }),
  );
  status.textContent = entries.length ? fill('audit.count', { count: entries.length }) : fill('audit.empty');
  if (more) more.hidden = next === undefined;
}

/** Loads the first page of the chosen kind (older: the page after the last one shown). */
async function load(older = false) {
  const ticket = ++loads;
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (select?.value) query.set('action', select.value);
  if (older && next !== undefined) query.set('before', String(next));
  if (more) more.disabled = true;
  const audit = await getJson(`/api/v1/audit?${query}`);
  if (more) more.disabled = false;
  if (ticket !== loads) return; // a newer choice of filter won
  if (!audit) {
    status.textContent = fill('audit.failed');
    return;
  }
  entries = older ? [...entries, ...audit.entries] : audit.entries;
  next = audit.next;
  render();
}

async function start() {
  const accounts = await getJson('/api/v1/accounts');
  for (const a of accounts?.accounts ?? []) names.set(a.id, a.username);
  await load();
}

const failed = () => {
  status.textContent = fill('audit.failed');
};
select?.addEventListener('change', () => {
  const url = new URL(location.href);
  if (select.value) url.searchParams.set('action', select.value);
  else url.searchParams.delete('action');
  history.replaceState(null, '', url);
  status.textContent = fill('audit.loading');
  load().catch(failed);
});
more?.addEventListener('click', () => load(true).catch(failed));
start().catch(failed);
