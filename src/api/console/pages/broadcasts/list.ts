/** The list of broadcasts an officer may see: status, audience, counts, newest first. */
import type { DeliveryCounts } from '../../../../db/queries/broadcasts.ts';
import type { BroadcastRow } from '../../../../db/schema/broadcasts.ts';
import { type Html, html, scrollTable } from '../../html.ts';
import type { ConsoleLang, Translate } from '../../layout.ts';
import { audienceText, langQuery, localTime } from './shared.ts';

/** Characters of a message shown in the list (the whole text is on the broadcast's page). */
const EXCERPT = 120;

const excerpt = (s: string) => ([...s].length > EXCERPT ? `${[...s].slice(0, EXCERPT).join('')}…` : s);

/** The list page's body; `canCreate` shows the link to the compose form. */
export function listBody(o: {
  t: Translate;
  lang: ConsoleLang;
  timeZone: string;
  rows: Array<{ row: BroadcastRow; counts: DeliveryCounts }>;
  canCreate: boolean;
}): Html {
  const { t, lang } = o;
  const q = langQuery(lang);
  const rows = o.rows.map(({ row, counts }) => {
    const when = row.finishedAt ?? row.startedAt ?? row.sendAt ?? row.createdAt;
    return html`<tr>
      <td data-label="${t('col.id')}"><a href="/admin/broadcasts/${row.id}${q}">${row.id}</a></td>
      <td data-label="${t('col.message')}" class="message">${excerpt(row.message.vi)}</td>
      <td data-label="${t('col.status')}"><span class="status status-${row.status}">${t(`status.${row.status}`)}</span></td>
      <td data-label="${t('col.audience')}">${audienceText(t, row.audience)}</td>
      <td data-label="${t('col.counts')}" class="counts">${counts.sent} / ${counts.failed} / ${counts.skipped} / ${counts.unknown}
        <span class="muted">(${counts.total})</span></td>
      <td data-label="${t('col.when')}">${localTime(when, lang, o.timeZone)}</td>
    </tr>`;
  });
  return html`${o.canCreate ? html`<p><a class="button" href="/admin/broadcasts/new${q}">${t('new')}</a></p>` : ''}
${
  o.rows.length === 0
    ? html`<p>${t('empty')}</p>`
    : scrollTable(
        t('title'),
        html`<table class="broadcasts">
  <thead><tr><th scope="col">${t('col.id')}</th><th scope="col">${t('col.message')}</th>
  <th scope="col">${t('col.status')}</th><th scope="col">${t('col.audience')}</th>
  <th scope="col">${t('col.counts')}</th><th scope="col">${t('col.when')}</th></tr></thead>
  <tbody>${rows}</tbody></table>`,
      )
}`;
}
