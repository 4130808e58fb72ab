// The dashboard: reads /api/v1/dashboard, fills every table, and draws a uPlot bar chart beside the
// tables that have one (the table always holds the same figures, for screen readers and printing).
import { fillIn, getJson, pageStrings } from './console-api.js';

const root = document.getElementById('dash');
const S = pageStrings(root);
const lang = root.dataset.lang === 'en' ? 'en' : 'vi';
const status = document.getElementById('dash-status');
const nf = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN');
const fmt = (n) => nf.format(n);
const name = {
  channel: (c) => S.channel[c] ?? c,
  field: (f) => S.field[f] ?? f,
  area: (a) => a ?? S.area.none,
  kind: (k) => S.kind[k] ?? k,
};
const ACCENT = '#7a1f5c';
const charts = [];

/** Loads uPlot (a classic script that defines window.uPlot) once. */
function loadUplot() {
  if (window.uPlot) return Promise.resolve(window.uPlot);
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/admin/assets/uplot.js';
    s.onload = () => resolve(window.uPlot);
    s.onerror = () => reject(new Error('uplot'));
    document.head.append(s);
  });
}

/** Replaces a table's body: the first cell of a row is its header, numbers are right-aligned. */
function fillTable(id, rows) {
  const table = document.getElementById(`table-${id}`);
  const tbody = table.querySelector('tbody');
  if (rows.length === 0) {
    const td = document.createElement('td');
    td.colSpan = table.querySelectorAll('thead th').length;
    td.textContent = S.page.empty;
    td.className = 'muted';
    const tr = document.createElement('tr');
    tr.append(td);
    tbody.replaceChildren(tr);
    return;
  }
  tbody.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      row.forEach((v, i) => {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) cell.scope = 'row';
        cell.textContent = typeof v === 'number' ? fmt(v) : v;
        if (typeof v === 'number') cell.className = 'num';
        tr.append(cell);
      });
      return tr;
    }),
  );
}

/** Sums rows by a key into [key, ...sums] in first-seen order. */
function group(rows, key, values) {
  const out = new Map();
  for (const r of rows) {
    const k = key(r);
    const acc = out.get(k) ?? values.map(() => 0);
    values.forEach((f, i) => {
      acc[i] += f(r);
    });
    out.set(k, acc);
  }
  return [...out.entries()].map(([k, sums]) => [k, ...sums]);
}

const short = (s) => (s.length > 14 ? `${s.slice(0, 13)}…` : s);

/** A bar chart of one series; labels along the x axis (turned when there are many). */
function drawBars(uPlot, id, labels, values) {
  const el = document.getElementById(`chart-${id}`);
  if (labels.length === 0) return;
  const many = labels.length > 4;
  const width = () => Math.max(240, Math.min(el.clientWidth || 320, 640));
  const opts = {
    width: width(),
    height: many ? 280 : 220,
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: { time: false, range: [-0.5, labels.length - 0.5] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
    },
    axes: [
      {
        splits: () => labels.map((_, i) => i),
        values: (_u, splits) => splits.map((i) => short(labels[i] ?? '')),
        rotate: many ? -45 : 0,
        size: many ? 100 : 40,
        gap: 4,
        grid: { show: false },
      },
      { values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? fmt(v) : '')), size: 50 },
    ],
    series: [
      {},
      {
        label: id,
        stroke: ACCENT,
        fill: ACCENT,
        width: 0,
        paths: uPlot.paths.bars({ size: [0.6, 48] }),
        points: { show: false },
      },
    ],
  };
  const chart = new uPlot(opts, [labels.map((_, i) => i), values], el);
  charts.push({ chart, width });
}

function render(d, uPlot) {
  const scope =
    d.scope === 'province' ? S.page.scopeProvince : fillIn(S.page.scopeUnits, { units: d.scope.join(', ') });
  const dmy = (iso) => iso.split('-').reverse().join('/');
  const month = fillIn(S.page.month, { from: dmy(d.month.from), to: dmy(d.month.to) });
  document.getElementById('dash-meta').textContent = `${month} · ${scope}`;
  const totals = document.getElementById('dash-totals');
  totals.replaceChildren(
    ...['subscribers', 'sent', 'faqQuestions', 'referrals', 'unanswered30d'].flatMap((k) => {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = S.metric[k];
      dd.textContent = fmt(d.totals[k]);
      div.append(dt, dd);
      return [div];
    }),
  );
  const subs = group(d.subscribers, (r) => name.channel(r.channel), [(r) => r.count]);
  const sent = group(
    d.messages,
    (r) => name.area(r.formerDistrict),
    ['sent', 'failed', 'skipped', 'unknown'].map((k) => (r) => r[k]),
  );
  const faq = d.faqByField.map((f) => [name.field(f.field), f.menu, f.typed, f.total]);
  const ref = group(d.referrals, (r) => name.area(r.formerDistrict), [(r) => r.count]);
  // A referral listing a shelter and a health station counts once for each kind of place.
  const kind = group(d.referralsByKind, (r) => name.kind(r.kind), [(r) => r.count]).sort(
    (a, b) => b[1] - a[1],
  );
  fillTable('subs', subs);
  fillTable('sent', sent);
  fillTable('faq', faq);
  fillTable('ref', ref);
  fillTable('kind', kind);
  fillTable(
    'topics',
    d.topTopics.map((x, i) => [String(i + 1), x.title[lang] ?? x.title.vi, name.field(x.field), x.total]),
  );
  const areaRows = () => {
    const only = document.getElementById('area-district').value;
    return d.areas
      .filter((a) => !only || (a.formerDistrict ?? '') === only)
      .map((a) => [
        name.area(a.formerDistrict),
        name.area(a.unit),
        a.subscribers,
        a.sent,
        a.referrals,
        a.joined,
      ]);
  };
  const select = document.getElementById('area-district');
  for (const district of [...new Set(d.areas.map((a) => a.formerDistrict ?? ''))]) {
    const o = document.createElement('option');
    o.value = district;
    o.textContent = name.area(district || null);
    select.append(o);
  }
  select.addEventListener('change', () => fillTable('areas', areaRows()));
  fillTable('areas', areaRows());
  if (!uPlot) return;
  // Each chart: its table's row names and one column (sent: the sent ones; faq: the total).
  const bars = { subs: [subs, 1], sent: [sent, 1], faq: [faq, 3], ref: [ref, 1], kind: [kind, 1] };
  for (const [id, [rows, col]] of Object.entries(bars)) {
    drawBars(
      uPlot,
      id,
      rows.map((r) => r[0]),
      rows.map((r) => r[col]),
    );
  }
}

let resizeTimer;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const c of charts) c.chart.setSize({ width: c.width(), height: c.chart.height });
  }, 150);
});

async function main() {
  try {
    const data = await getJson('/api/v1/dashboard');
    if (!data) throw new Error('dashboard');
    const uPlot = await loadUplot().catch(() => undefined);
    render(data, uPlot);
    status.textContent = '';
    root.dataset.ready = 'true';
  } catch {
    status.textContent = S.page.loadError;
    status.classList.add('error');
  }
}
main();
