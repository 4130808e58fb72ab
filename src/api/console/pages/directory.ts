/**
 * /admin/directory: the entries an officer may see (filters in the query string, stale ones flagged,
 * confidential addresses shown to admins only), the entry form and the CSV import with its preview
 * (directory.js), the CSV export, and each unit's poster link and QR code.
 */
import type { FastifyPluginAsync } from 'fastify';
import { TelegramAdapter } from '../../../bot/channels/telegram/adapter.ts';
import { unitSlug } from '../../../bot/channels/telegram/links.ts';
import { staleServices } from '../../../content/directory.ts';
import { COLUMN_NAMES } from '../../../content/import/columns.ts';
import { loadSeedContent } from '../../../content/index.ts';
import { serviceKindSchema } from '../../../content/schemas.ts';
import { loadContent } from '../../../db/queries/content.ts';
import { hasRole } from '../../access.ts';
import type { AppDeps } from '../../app.ts';
import { addressHidden, mayEdit, maySee } from '../../routes/content/directory-view.ts';
import { nowOf } from '../../routes/content/shared.ts';
import { html, scrollTable } from '../html.ts';
import { consoleLang, consoleT } from '../index.ts';
import { page } from '../layout.ts';
import { contentPageGuard } from './faq.ts';

const KINDS = serviceKindSchema.options;
const STRINGS = [
  'dir.saved',
  'dir.deleted',
  'dir.refused',
  'dir.confirmDelete',
  'dir.previewOk',
  'dir.previewErrors',
  'dir.imported',
  'dir.hiddenAddress',
];

export const directoryPage =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const shipped = new Set(loadSeedContent().services.map((s) => s.id));
    app.get('/admin/directory', { preHandler: contentPageGuard(deps) }, async (req, reply) => {
      const lang = consoleLang(req);
      const t = consoleT(deps, lang, 'console-content');
      const actor = req.actor as NonNullable<typeof req.actor>;
      const content = deps.bot.content();
      const q = req.query as Record<string, string | undefined>;
      const today = nowOf(deps);
      const all = (await loadContent(deps.bot.database.db)).services.filter((s) => maySee(actor, s, content));
      const stale = new Set(staleServices(all, today).map((s) => s.id));
      const district = (s: (typeof all)[number]) =>
        s.formerDistrict ?? content.units.get(s.unit ?? '')?.formerDistrict;
      const list = all.filter(
        (s) =>
          (!q.unit || s.unit === q.unit) &&
          (!q.formerDistrict || district(s) === q.formerDistrict) &&
          (!q.kind || s.kind === q.kind) &&
          (q.stale !== 'true' || stale.has(s.id)),
      );
      const units = content.units.all().filter((u) => actor.scope.all || actor.scope.units.has(u.name));
      const districts = [...new Set(units.map((u) => u.formerDistrict))];
      const officer = hasRole(actor, 'officer');
      const option = (v: string, label: string, sel: string | undefined) =>
        html`<option value="${v}" ${v === sel ? html`selected` : ''}>${label}</option>`;
      const telegram = deps.channels.find((c): c is TelegramAdapter => c instanceof TelegramAdapter);
      const strings = JSON.stringify(Object.fromEntries(STRINGS.map((k) => [k, t(k)])));
      const field = (c: string) => {
        const id = `f-${c}`;
        const label = html`<label for="${id}">${t(`dir.col_${c}`)}</label>`;
        if (c === 'kind')
          return html`${label}<select id="${id}" name="${c}">${KINDS.map((k) => option(k, t(`kind.${k}`), ''))}</select>`;
        if (c === 'address_public')
          return html`${label}<select id="${id}" name="${c}">${option('no', t('dir.no'), 'no')}${option('yes', t('dir.yes'), '')}</select>`;
        if (c === 'unit') return html`${label}<input type="text" id="${id}" name="${c}" list="unit-names">`;
        if (c === 'confirmed') return html`${label}<input type="date" id="${id}" name="${c}">`;
        return html`${label}<input type="text" id="${id}" name="${c}">`;
      };
      const body = html`<div id="dir-app" data-strings="${strings}">
<form method="get" action="/admin/directory" class="filters" aria-label="${t('dir.filters')}">
  ${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
  <div><label for="q-unit">${t('dir.unit')}</label><select id="q-unit" name="unit">${option('', t('dir.all'), q.unit ?? '')}${units.map((u) => option(u.name, u.name, q.unit))}</select></div>
  <div><label for="q-district">${t('dir.formerDistrict')}</label><select id="q-district" name="formerDistrict">${option('', t('dir.all'), q.formerDistrict ?? '')}${districts.map((d) => option(d, d, q.formerDistrict))}</select></div>
  <div><label for="q-kind">${t('dir.kind')}</label><select id="q-kind" name="kind">${option('', t('dir.all'), q.kind ?? '')}${KINDS.map((k) => option(k, t(`kind.${k}`), q.kind))}</select></div>
  <div class="check"><input type="checkbox" id="q-stale" name="stale" value="true" ${q.stale === 'true' ? html`checked` : ''}><label for="q-stale">${t('dir.staleOnly')}</label></div>
  <div><button type="submit">${t('dir.apply')}</button></div>
</form>
<p><a href="/api/v1/directory/export.csv" download>${t('dir.export')}</a> · ${t('dir.entries', { n: list.length })}</p>
${scrollTable(
  t('dir.entries', { n: list.length }),
  html`<table id="entries"><thead><tr><th scope="col">${t('dir.name')}</th><th scope="col">${t('dir.kind')}</th><th scope="col">${t('dir.unit')}</th><th scope="col">${t('dir.phone')}</th><th scope="col">${t('dir.address')}</th><th scope="col">${t('dir.confirmed')}</th><th scope="col"></th></tr></thead><tbody>
${list.map((s) => {
  const hidden = addressHidden(actor, s);
  const editable = officer && !shipped.has(s.id) && mayEdit(actor, s, content);
  return html`<tr data-id="${s.id}" class="${stale.has(s.id) ? 'stale' : ''}"><td>${s.name.vi}${shipped.has(s.id) ? html` <span class="badge">${t('dir.shipped')}</span>` : ''}</td><td>${t(`kind.${s.kind}`)}</td><td>${s.unit ?? s.formerDistrict ?? t('dir.province')}</td><td>${s.phone ?? ''}</td>
  <td>${hidden ? html`<span class="badge">${t('dir.hidden')}</span>` : (s.address ?? '')}</td>
  <td>${s.confirmed}${stale.has(s.id) ? html` <span class="badge late">${t('dir.stale')}</span>` : ''}</td>
  <td>${editable ? html`<button type="button" class="secondary edit-entry" data-id="${s.id}">${t('dir.edit')}</button>` : ''}</td></tr>`;
})}
</tbody></table>`,
)}
${
  officer
    ? html`<section aria-labelledby="form-h"><h2 id="form-h">${t('dir.form')}</h2>
<p class="muted">${t('dir.formHelp')}</p><button type="button" class="secondary" id="new-entry">${t('dir.new')}</button>
<form id="entry-form" novalidate hidden><div class="grid">${COLUMN_NAMES.map(field)}</div>
<datalist id="unit-names">${units.map((u) => html`<option value="${u.name}"></option>`)}</datalist>
<div class="actions"><button type="submit">${t('dir.save')}</button><button type="button" class="secondary danger" id="delete-entry">${t('dir.delete')}</button></div>
<div id="entry-status" role="status" aria-live="polite"></div></form></section>
<section aria-labelledby="import-h"><h2 id="import-h">${t('dir.import')}</h2><p class="muted">${t('dir.importHelp')}</p>
<label for="csv-file">${t('dir.file')}</label><input type="file" id="csv-file" accept=".csv,text/csv">
<div class="actions"><button type="button" id="csv-preview">${t('dir.preview')}</button><button type="button" id="csv-import" disabled>${t('dir.doImport')}</button></div>
<div id="import-status" role="status" aria-live="polite"></div></section>`
    : ''
}
<section aria-labelledby="posters-h"><h2 id="posters-h">${t('dir.posters')}</h2><p class="muted">${t('dir.postersHelp')}</p>
${
  telegram?.startLink(units[0]?.name ?? '')
    ? html`<details id="posters"><summary>${t('dir.posters')} (${units.length})</summary><ul class="posters">
${units.map(
  (
    u,
  ) => html`<li><strong>${u.name}</strong> <a href="${telegram.startLink(u.name) ?? ''}">${t('dir.posterLink')}</a>
<img loading="lazy" width="160" height="160" src="/api/v1/units/${unitSlug(u.name)}/telegram-qr.svg" alt="${t('dir.qr', { unit: u.name })}"></li>`,
)}
</ul></details>`
    : html`<p class="muted">${t('dir.noTelegram')}</p>`
}</section></div>`;
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          page({
            lang,
            t: consoleT(deps, lang),
            title: t('dir.title'),
            actor,
            current: 'directory',
            body,
            scripts: ['directory.js'],
            styles: ['directory.css'],
          }),
        );
    });
  };
