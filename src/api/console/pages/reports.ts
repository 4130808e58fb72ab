/**
 * The console's reports page (/admin/reports): a period picker (this month, the 6-month report, the
 * annual report, custom dates) with the assumed report periods stated, a preview of every table for
 * the chosen period, and downloads (XLSX, CSV per table) from /api/v1/reports. It works without
 * script (a GET form); reports.js only keeps the dates, the preset and the download links in step.
 */
import type { FastifyPluginAsync } from 'fastify';
import { scopeUnits } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { requireConsole } from '../../auth/console-guard.ts';
import { buildReport } from '../../reports/figures.ts';
import { type PresetId, parsePeriod, presets, today } from '../../reports/periods.ts';
import { reportTables, TABLE_IDS, type Table } from '../../reports/tables.ts';
import { type Html, html, scrollTable } from '../html.ts';
import { consoleLang, consoleT } from '../index.ts';
import { page, type Translate } from '../layout.ts';
import { sendPage } from './broadcasts/shared.ts';

const NS = 'console-reports';
const PRESET_KEYS: Record<PresetId, string> = {
  thisMonth: 'page.presetThisMonth',
  halfYear: 'page.presetHalfYear',
  annual: 'page.presetAnnual',
};
const dmy = (d: string) => d.split('-').reverse().join('/');

/** The API address of a download. */
export function downloadUrl(from: string, to: string, format: 'xlsx' | 'csv', lang: string, table?: string) {
  const q = new URLSearchParams({ from, to, format });
  if (table) q.set('table', table);
  if (lang === 'en') q.set('lang', 'en');
  return `/api/v1/reports?${q}`;
}

function previewTable(t: Table): Html {
  return html`<section class="dash-block" aria-labelledby="p-${t.id}"><h3 id="p-${t.id}">${t.title}</h3>
${scrollTable(
  t.title,
  html`<table><caption>${t.title}</caption><thead><tr>${t.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>${t.rows.map((r) => html`<tr>${r.map((v, i) => (i === 0 ? html`<th scope="row">${v}</th>` : html`<td class="${typeof v === 'number' ? 'num' : ''}">${v}</td>`))}</tr>`)}</tbody></table>`,
)}</section>`;
}

function form(
  t: Translate,
  o: { lang: string; from: string; to: string; preset: string; today: string },
): Html {
  const p = presets(o.today);
  const radios = (Object.keys(PRESET_KEYS) as PresetId[]).map((id) => {
    const r = p[id];
    const label = t(PRESET_KEYS[id], { deadline: r.deadline ? dmy(r.deadline) : '' });
    return html`<div><input type="radio" name="preset" id="preset-${id}" value="${id}" data-from="${r.from}" data-to="${r.to}" ${o.preset === id ? html`checked` : ''}>
<label class="inline" for="preset-${id}">${label}: ${dmy(r.from)} – ${dmy(r.to)}</label></div>`;
  });
  return html`<form id="report-form" class="report-form" method="get" action="/admin/reports">
${o.lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
<fieldset><legend>${t('page.preset')}</legend>${radios}
<div><input type="radio" name="preset" id="preset-custom" value="custom" ${o.preset === 'custom' ? html`checked` : ''}>
<label class="inline" for="preset-custom">${t('page.presetCustom')}</label></div></fieldset>
<p class="assumption">${t('page.assumption')}</p>
<div class="dates"><div><label for="from">${t('page.from')}</label><input type="date" id="from" name="from" value="${o.from}" required></div>
<div><label for="to">${t('page.to')}</label><input type="date" id="to" name="to" value="${o.to}" required></div></div>
<div class="actions"><button type="submit">${t('page.show')}</button>
<a class="button" id="dl-xlsx" href="${downloadUrl(o.from, o.to, 'xlsx', o.lang)}">${t('page.xlsx')}</a></div>
<div class="actions"><div><label for="csv-table">${t('page.csvTable')}</label>
<select id="csv-table">${TABLE_IDS.map((id) => html`<option value="${id}" ${id === 'messages' ? html`selected` : ''}>${t(`table.${id}`)}</option>`)}</select></div>
<a class="button secondary" id="dl-csv" href="${downloadUrl(o.from, o.to, 'csv', o.lang, 'messages')}">${t('page.csv')}</a></div>
</form>`;
}

export const reportsPage =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const tz = deps.config.timezone;
    const clock = () => deps.bot.now?.() ?? new Date();
    app.get<{ Querystring: { from?: string; to?: string; preset?: string } }>(
      '/admin/reports',
      { preHandler: requireConsole(deps, 'viewer') },
      async (req, reply) => {
        const lang = consoleLang(req);
        const t = consoleT(deps, lang, NS);
        const day = today(clock(), tz);
        const q = req.query;
        const preset =
          q.preset && (q.preset in PRESET_KEYS || q.preset === 'custom') ? q.preset : 'thisMonth';
        const chosen =
          q.from || q.to
            ? { from: q.from, to: q.to }
            : (presets(day)[preset as PresetId] ?? presets(day).thisMonth);
        const parsed = parsePeriod(chosen, tz);
        let preview: Html;
        let from = typeof chosen.from === 'string' ? chosen.from : '';
        let to = typeof chosen.to === 'string' ? chosen.to : '';
        if ('field' in parsed) {
          preview = html`<p class="error" role="alert">${parsed.field === 'from' ? t('page.from') : t('page.to')}: ${parsed.message}</p>`;
        } else {
          ({ from, to } = parsed.period);
          const actor = req.actor as NonNullable<typeof req.actor>;
          const report = await buildReport(
            deps.bot.database.db,
            parsed.period,
            scopeUnits(actor.scope),
            clock(),
          );
          preview = html`${reportTables(report, t, lang).map(previewTable)}`;
        }
        const body = html`${form(t, { lang, from, to, preset, today: day })}
<section id="preview" aria-labelledby="h-preview"><h2 id="h-preview">${t('page.preview')}: ${dmy(from)} – ${dmy(to)}</h2>${preview}</section>`;
        return sendPage(
          reply,
          page({
            lang,
            t: consoleT(deps, lang),
            actor: req.actor,
            current: 'reports',
            title: t('title.reports'),
            body,
            scripts: ['reports.js'],
            styles: ['dashboard.css'],
          }),
        );
      },
    );
  };
