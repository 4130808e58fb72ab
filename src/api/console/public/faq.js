// The FAQ editor: loads a node from /api/v1/faq, edits it, shows the content check's refusals.
// Officers' text only ever goes into textContent and input values, never into HTML.
import { api, pageStrings, showMessage, translator } from './console-api.js';

const app = document.getElementById('faq-app');
const form = document.getElementById('faq-form');
const tr = translator(pageStrings(app));
const $ = (id) => document.getElementById(id);
let current = null; // { id } when editing, { unanswered } when answering a question, {} for a new node

function status(title, lines = [], kind = 'ok') {
  showMessage($('faq-status'), title, lines, kind);
}

function count(el) {
  const out = $(`${el.id}-count`);
  if (out) out.textContent = tr('faq.count', { n: el.value.length, max: out.dataset.max });
  out?.classList.toggle('error', el.value.length > Number(out.dataset.max));
}

function addCitation(c = {}) {
  const row = $('citation-row').content.firstElementChild.cloneNode(true);
  row.querySelector('[name=law]').value = c.law || 'BDG2006';
  row.querySelector('[name=article]').value = c.article || '';
  row.querySelector('[name=clause]').value = c.clause || '';
  row.querySelector('.remove').addEventListener('click', () => row.remove());
  $('citation-list').append(row);
}

function fill(n, mode) {
  current = mode;
  form.hidden = false;
  $('faq-mode').textContent = mode.unanswered ? tr('faq.answering', { text: mode.text }) : '';
  $('faq-id').textContent = mode.id || '';
  $('parent').value = n.parent || '';
  $('title-vi').value = n.title?.vi || '';
  $('title-en').value = n.title?.en || '';
  $('answer-vi').value = n.answer?.vi || '';
  $('answer-en').value = n.answer?.en || '';
  $('keywords-vi').value = (n.keywords?.vi || []).join(', ');
  $('keywords-en').value = (n.keywords?.en || []).join(', ');
  $('field').value = n.field || '';
  $('review-by').value = n.reviewBy || '';
  $('citation-list').replaceChildren();
  for (const c of n.citations || []) addCitation(c);
  if (!(n.citations || []).length) addCitation();
  $('faq-delete').hidden = !mode.id;
  $('faq-child').hidden = !mode.id;
  $('faq-status').replaceChildren();
  for (const id of ['title-vi', 'title-en', 'answer-vi', 'answer-en']) count($(id));
  $('title-vi').focus();
}

async function edit(id) {
  if (!form) return;
  const { ok, data } = await api('GET', `/api/v1/faq/nodes/${encodeURIComponent(id)}`);
  if (ok) fill(data, { id });
}

async function defaults() {
  const { data } = await api('GET', '/api/v1/faq/law-codes');
  return { reviewBy: data.defaultReviewBy };
}

function body() {
  const words = (v) =>
    v
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
  const answer = { vi: $('answer-vi').value, en: $('answer-en').value };
  return {
    parent: $('parent').value || null,
    title: { vi: $('title-vi').value, en: $('title-en').value },
    answer: answer.vi.trim() || answer.en.trim() ? answer : null,
    citations: [...document.querySelectorAll('#citation-list .citation')]
      .map((row) => ({
        law: row.querySelector('[name=law]').value,
        article: row.querySelector('[name=article]').value.trim(),
        clause: row.querySelector('[name=clause]').value.trim() || undefined,
      }))
      .filter((c) => c.article),
    keywords: { vi: words($('keywords-vi').value), en: words($('keywords-en').value) },
    field: $('field').value || null,
    reviewBy: $('review-by').value || undefined,
  };
}

async function save(event) {
  event.preventDefault();
  const url = current.id
    ? `/api/v1/faq/nodes/${encodeURIComponent(current.id)}`
    : current.unanswered
      ? `/api/v1/unanswered/${current.unanswered}/answer`
      : '/api/v1/faq/nodes';
  const { ok, data } = await api(current.id ? 'PUT' : 'POST', url, body());
  if (!ok) return status(tr('faq.refused'), data.errors || [data.message], 'error');
  status(tr('faq.saved'), data.warnings?.length ? [tr('faq.warnings'), ...data.warnings] : []);
  if (current.unanswered)
    document.querySelector(`.answer-this[data-id="${current.unanswered}"]`)?.closest('tr')?.remove();
  current = { id: data.node.id };
  $('faq-id').textContent = data.node.id;
  $('faq-delete').hidden = false;
  $('faq-child').hidden = false;
}

if (form) {
  form.addEventListener('submit', save);
  form.addEventListener('input', (e) => count(e.target));
  $('add-citation').addEventListener('click', () => addCitation());
  $('faq-new')?.addEventListener('click', async () => fill({ ...(await defaults()), parent: null }, {}));
  $('faq-child').addEventListener('click', async () =>
    fill({ ...(await defaults()), parent: current.id }, {}),
  );
  $('faq-delete').addEventListener('click', async () => {
    if (!current?.id || !window.confirm(tr('faq.confirmDelete'))) return;
    const { ok, data } = await api('DELETE', `/api/v1/faq/nodes/${encodeURIComponent(current.id)}`);
    if (!ok) return status(tr('faq.refused'), data.errors || [data.message], 'error');
    document
      .querySelector(`.node[data-id="${CSS.escape(current.id)}"]`)
      ?.closest('li')
      ?.remove();
    form.hidden = true;
    $('faq-mode').textContent = tr('faq.deleted');
  });
  for (const b of document.querySelectorAll('.answer-this')) {
    b.addEventListener('click', async () => {
      const { text, locale, id } = b.dataset;
      const title = { vi: locale === 'vi' ? text : '', en: locale === 'en' ? text : '' };
      fill({ ...(await defaults()), parent: null, title }, { unanswered: id, text });
    });
  }
}
document.addEventListener('click', (e) => {
  const node = e.target.closest?.('button.node');
  if (node) edit(node.dataset.id);
});
