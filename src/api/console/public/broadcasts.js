// The compose form: counters and limits as the officer types, previews built with textContent only,
// the live audience count (debounced POST /api/v1/broadcasts/preview), and the submit to the API.
import { api, attempt, errorMessage, pageStrings, translator } from './console-api.js';

const form = document.getElementById('compose');
const S = pageStrings(form);
const lang = document.documentElement.lang === 'en' ? '?lang=en' : '';

/** Zalo's limit and the API's (docs/SOURCES.md); Telegram's text and caption limits. */
const ZALO_MAX = 2000;
const TELEGRAM_TEXT = 4096;
const TELEGRAM_CAPTION = 1024;

const fill = translator(S);
const chars = (s) => [...s].length;
const $ = (id) => document.getElementById(id);

function media() {
  const kind = $('media-kind').value;
  const url = $('media-url').value.trim();
  if (!kind || !url) return undefined;
  const out = { kind, url };
  if (kind === 'audio' && $('media-lang').value) out.lang = $('media-lang').value;
  return out;
}

function counter(lng) {
  const n = chars($(`msg-${lng}`).value);
  const notes = [fill('form.counter', { n })];
  if (n > ZALO_MAX) notes.push(fill('form.overZalo'));
  else if (media() && n > TELEGRAM_CAPTION) notes.push(fill('form.overCaption'));
  if (n > TELEGRAM_TEXT) notes.push(fill('form.overTelegram'));
  const el = $(`count-${lng}`);
  el.textContent = notes.join(' ');
  el.classList.toggle('over', n > ZALO_MAX);
}

function preview() {
  const m = media();
  const line = m ? fill(m.kind === 'image' ? 'form.mediaImage' : 'form.mediaAudio', { url: m.url }) : '';
  for (const box of document.querySelectorAll('[data-preview]')) {
    box.replaceChildren();
    for (const lng of ['vi', 'en']) {
      const text = $(`msg-${lng}`).value;
      if (lng === 'en' && !text.trim()) continue;
      const bubble = document.createElement('div');
      bubble.className = 'msg';
      bubble.lang = lng;
      if (line) {
        const p = document.createElement('p');
        p.className = 'media-line';
        p.textContent = line;
        bubble.append(p);
      }
      const body = document.createElement('p');
      body.className = 'text';
      body.textContent = text.trim() ? text : fill('form.previewEmpty');
      bubble.append(body);
      box.append(bubble);
    }
  }
}

function audience() {
  const picked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
  const a = {};
  for (const name of ['channels', 'units', 'formerDistricts', 'locales']) {
    const list = picked(name);
    if (list.length) a[name] = list;
  }
  return a;
}

let timer;
let asked = 0;
function recount() {
  clearTimeout(timer);
  $('count-total').textContent = fill('form.counting');
  const picked = audience();
  const detail = $('count-detail');
  // An officer of some communes must name them: the API refuses a province-wide count (400).
  if (form.dataset.scoped && !picked.units && !picked.formerDistricts) {
    asked++;
    detail.replaceChildren();
    $('count-total').textContent = fill('form.pickArea');
    $('count-zalo').textContent = '';
    return;
  }
  timer = setTimeout(async () => {
    const mine = ++asked;
    const res = await api('POST', '/api/v1/broadcasts/preview', { audience: picked });
    if (mine !== asked) return;
    detail.replaceChildren();
    if (!res.ok) {
      $('count-total').textContent = fill('form.error', { message: errorMessage(res) });
      $('count-zalo').textContent = '';
      return;
    }
    $('count-total').textContent = fill('form.recipients', { n: res.data.recipients });
    for (const [channel, n] of Object.entries(res.data.byChannel ?? {})) {
      const li = document.createElement('li');
      li.textContent = fill('form.byChannel', { channel: S[`channel.${channel}`] ?? channel, n });
      detail.append(li);
    }
    const z = res.data.zaloOa ?? { free: 0, promotion: 0, notReached: {} };
    const notReached = Object.values(z.notReached).reduce((a, b) => a + b, 0);
    $('count-zalo').textContent = fill('form.zaloForecast', {
      free: z.free,
      promotion: z.promotion,
      notReached,
    });
  }, 300);
}

/** "2026-12-01T08:00" typed in Viet Nam time -> "2026-12-01T08:00:00+07:00" (no daylight saving). */
const vietnamIso = (local) => `${local.length === 16 ? `${local}:00` : local}+07:00`;

async function submit(event) {
  event.preventDefault();
  const send = event.submitter?.value !== 'draft';
  const error = $('form-error');
  error.textContent = '';
  const vi = $('msg-vi').value;
  const en = $('msg-en').value;
  if (!vi.trim()) return fail(error, fill('form.errorVi'), $('msg-vi'));
  const url = $('media-url').value.trim();
  if ($('media-kind').value && !url.startsWith('https://'))
    return fail(error, fill('form.errorMediaUrl'), $('media-url'));
  const later = form.querySelector('input[name="when"]:checked')?.value === 'later';
  if (later && !$('send-at').value) return fail(error, fill('form.errorSendAt'), $('send-at'));
  const body = { message: en.trim() ? { vi, en } : { vi }, audience: audience() };
  if (media()) body.media = media();
  if (later) body.sendAt = vietnamIso($('send-at').value);
  if (send) body.send = true;
  if ($('paid').checked) body.paid = true;
  const buttons = form.querySelectorAll('button');
  for (const b of buttons) b.disabled = true;
  const res = await attempt('POST', '/api/v1/broadcasts', body);
  for (const b of buttons) b.disabled = false;
  if (!res.ok) return fail(error, fill('form.error', { message: errorMessage(res) }));
  location.assign(`/admin/broadcasts/${res.data.id}${lang}`);
}

function fail(el, message, focus) {
  el.textContent = message;
  focus?.focus();
}

if (form) {
  for (const lng of ['vi', 'en']) {
    $(`msg-${lng}`).addEventListener('input', () => {
      counter(lng);
      preview();
    });
    counter(lng);
  }
  for (const id of ['media-kind', 'media-url', 'media-lang'])
    $(id).addEventListener('input', () => {
      counter('vi');
      counter('en');
      preview();
    });
  $('audience').addEventListener('change', recount);
  $('unit-filter').addEventListener('input', () => {
    const q = $('unit-filter').value.trim().toLocaleLowerCase('vi');
    for (const d of form.querySelectorAll('.district')) {
      let any = d.dataset.district.toLocaleLowerCase('vi').includes(q);
      for (const c of d.querySelectorAll('.units .check')) {
        const hit = !q || c.textContent.toLocaleLowerCase('vi').includes(q);
        c.hidden = !hit;
        any ||= hit;
      }
      d.hidden = !any;
    }
  });
  $('send-at').addEventListener('input', () => {
    if ($('send-at').value) $('when-later').checked = true;
  });
  form.addEventListener('submit', submit);
  preview();
  recount();
}
