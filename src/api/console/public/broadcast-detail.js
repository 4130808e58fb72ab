// One broadcast: the progress bar follows /api/v1/broadcasts/:id/events (the session cookie goes with
// it, same origin); the buttons call the API and the status shown decides which of them appear.
import { attempt, errorMessage, pageStrings, translator } from './console-api.js';

const root = document.getElementById('broadcast');
const fill = translator(pageStrings(root));
const PARTS = ['sent', 'failed', 'skipped', 'unknown'];

const $ = (id) => document.getElementById(id);

function showCounts(c) {
  const done = c.sent + c.failed + c.skipped + c.unknown;
  const pct = c.total > 0 ? Math.floor((done / c.total) * 100) : 0;
  for (const p of PARTS) {
    const seg = root.querySelector(`.seg[data-part="${p}"]`);
    if (seg) seg.style.width = `${c.total ? (c[p] / c.total) * 100 : 0}%`;
  }
  for (const p of [...PARTS, 'pending']) {
    const el = root.querySelector(`[data-count="${p}"]`);
    if (el) el.textContent = String(c[p]);
  }
  $('progress').value = pct;
  $('progress-label').textContent = fill('detail.progressLabel', { done, total: c.total, pct });
}

function showStatus(status) {
  root.dataset.status = status;
  const el = $('status');
  el.textContent = fill(`status.${status}`);
  el.className = `status status-${status}`;
  const officer = root.dataset.officer === '1';
  const mine = root.dataset.creator === root.dataset.me;
  const allowed = {
    approve: officer && status === 'awaiting_approval' && !mine,
    'own-waiting': status === 'awaiting_approval' && mine,
    send: officer && status === 'draft',
    retry: officer && (status === 'sending' || status === 'done'),
    cancel: officer && !['done', 'cancelled'].includes(status),
  };
  for (const el of root.querySelectorAll('[data-when]')) el.hidden = !allowed[el.dataset.when];
}

async function act(action, body = {}) {
  const result = $('result');
  result.textContent = '';
  const res = await attempt('POST', `/api/v1/broadcasts/${root.dataset.id}/${action}`, body);
  const json = res.data;
  if (!res.ok) {
    result.textContent = fill('detail.error', { message: errorMessage(res) });
    result.className = 'error';
    return;
  }
  result.className = 'ok';
  result.textContent =
    action === 'retry' ? fill('detail.retried', { n: json.retried ?? 0 }) : fill('detail.done');
  if (json.status) showStatus(json.status);
  if (action === 'approve') $('approved-by').textContent = root.dataset.myName;
  follow();
}

let source;
function follow() {
  source?.close();
  source = new EventSource(`/api/v1/broadcasts/${root.dataset.id}/events`, { withCredentials: true });
  source.addEventListener('progress', (e) => {
    const data = JSON.parse(e.data);
    showCounts(data.counts);
    showStatus(data.status);
    $('live').textContent = fill('detail.live');
  });
  source.addEventListener('end', (e) => {
    const data = JSON.parse(e.data);
    showCounts(data.counts);
    showStatus(data.status);
    $('live').textContent = '';
    source.close();
  });
  source.onerror = () => {
    if (source.readyState !== EventSource.CLOSED) $('live').textContent = fill('detail.disconnected');
  };
}

if (root) {
  for (const seg of root.querySelectorAll('.seg')) seg.style.width = `${Number(seg.dataset.width) || 0}%`;
  showStatus(root.dataset.status);
  $('approve')?.addEventListener('click', () => act('approve'));
  $('send')?.addEventListener('click', () => act('send'));
  $('retry')?.addEventListener('click', () => act('retry', { includeUnknown: $('include-unknown').checked }));
  $('cancel')?.addEventListener('click', (e) => {
    if (window.confirm(e.currentTarget.dataset.confirm)) act('cancel');
  });
  if (!['done', 'cancelled'].includes(root.dataset.status)) follow();
}
