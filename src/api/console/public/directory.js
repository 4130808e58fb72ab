// The directory editor: the entry form (the CSV's fields), CSV preview then import, all through
// /api/v1/directory. Officers' text only goes into textContent and input values, never into HTML.
import { api, pageStrings, showMessage, translator } from './console-api.js';

const app = document.getElementById('dir-app');
const form = document.getElementById('entry-form');
const tr = translator(pageStrings(app));
const $ = (id) => document.getElementById(id);
let editing = null;

const show = showMessage;

/** A CSV's preview or import in the import box: the summary and its warnings, or each error. */
function showImport(ok, data, summaryKey) {
  const box = $('import-status');
  if (ok) return show(box, tr(summaryKey, data), data.warnings || []);
  show(
    box,
    tr('dir.previewErrors', { n: (data.errors || []).length }),
    data.errors || [data.message],
    'error',
  );
}

function columns(e) {
  const pair = (v) => v ?? '';
  return {
    id: e.id,
    kind: e.kind,
    name_vi: e.name.vi,
    name_en: e.name.en,
    unit: pair(e.unit),
    former_district: pair(e.formerDistrict),
    phone: pair(e.phone),
    hours_vi: pair(e.hours?.vi),
    hours_en: pair(e.hours?.en),
    address: pair(e.address),
    address_public: e.addressPublic ? 'yes' : 'no',
    lat: pair(e.lat),
    lon: pair(e.lon),
    note_vi: pair(e.note?.vi),
    note_en: pair(e.note?.en),
    languages: (e.languages || []).join(';'),
    source: e.source,
    confirmed: e.confirmed,
  };
}

function open(entry) {
  editing = entry ? entry.id : null;
  form.hidden = false;
  const cells = entry ? columns(entry) : {};
  for (const el of form.querySelectorAll('input[name], select[name]')) {
    el.value = cells[el.name] ?? (el.tagName === 'SELECT' ? el.options[0]?.value : '');
  }
  $('f-id').readOnly = Boolean(entry);
  $('f-address').placeholder = entry?.addressHidden ? tr('dir.hiddenAddress') : '';
  $('delete-entry').hidden = !entry;
  $('entry-status').replaceChildren();
  $('f-name_vi').focus();
}

if (form) {
  $('new-entry').addEventListener('click', () => open(null));
  for (const b of document.querySelectorAll('.edit-entry')) {
    b.addEventListener('click', async () => {
      const { ok, data } = await api('GET', `/api/v1/directory/${encodeURIComponent(b.dataset.id)}`);
      if (ok) open(data);
    });
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const cells = {};
    for (const el of form.querySelectorAll('input[name], select[name]')) cells[el.name] = el.value;
    const url = editing ? `/api/v1/directory/${encodeURIComponent(editing)}` : '/api/v1/directory';
    const { ok, data } = await api(editing ? 'PUT' : 'POST', url, cells);
    if (!ok) return show($('entry-status'), tr('dir.refused'), data.errors || [data.message], 'error');
    editing = data.id;
    $('f-id').value = data.id;
    show($('entry-status'), tr('dir.saved'));
  });
  $('delete-entry').addEventListener('click', async () => {
    if (!editing || !window.confirm(tr('dir.confirmDelete'))) return;
    const { ok, data } = await api('DELETE', `/api/v1/directory/${encodeURIComponent(editing)}`);
    if (!ok) return show($('entry-status'), tr('dir.refused'), data.errors || [data.message], 'error');
    document.querySelector(`tr[data-id="${CSS.escape(editing)}"]`)?.remove();
    form.hidden = true;
    show($('import-status'), tr('dir.deleted'));
  });

  const file = async () => $('csv-file').files?.[0]?.text();
  $('csv-file').addEventListener('change', () => {
    $('csv-import').disabled = true;
  });
  $('csv-preview').addEventListener('click', async () => {
    const text = await file();
    if (!text) return;
    const { data } = await api('POST', '/api/v1/directory/import?dryRun=true', text, 'text/csv');
    showImport(data.ok, data, 'dir.previewOk');
    $('csv-import').disabled = !data.ok;
  });
  $('csv-import').addEventListener('click', async () => {
    const text = await file();
    if (!text) return;
    const { ok, data } = await api('POST', '/api/v1/directory/import', text, 'text/csv');
    showImport(ok, data, 'dir.imported');
    $('csv-import').disabled = true;
  });
}
