/**
 * The campaign calendar page's body: officers' reminders, the year's theme, the year's occurrences
 * with their approval and actions, and the one-time code that links an officer's own chat. Every
 * text officers wrote is interpolated through html``, so it is escaped.
 */
import type { Theme } from '../../../../db/queries/campaigns.ts';
import type { OccurrenceRow } from '../../../../db/schema/campaigns.ts';
import { type Html, html } from '../../html.ts';
import type { ConsoleLang, Translate } from '../../layout.ts';
import { clientStrings, langQuery, localTime } from '../broadcasts/shared.ts';

export interface CalendarView {
  t: Translate;
  lang: ConsoleLang;
  timeZone: string;
  year: number;
  occurrences: OccurrenceRow[];
  notices: Array<{ id: number; dueDate: string; text: string }>;
  theme: Theme | undefined;
  /** An actor id as officers know it (the account's name). */
  names: (actorId: string | null) => string | undefined;
  /** Officers act on occurrences inside their communes; viewers only read. */
  canActOn: (o: OccurrenceRow) => boolean;
  /** Notices are the province's: a province account dismisses them. */
  canDismiss: boolean;
  /** Admins set the year's theme. */
  canTheme: boolean;
  /** Officers link their own chat for reminders. */
  canLink: boolean;
}

const STRINGS = ['occ.done', 'occ.saved', 'occ.error', 'theme.saved', 'link.expires'];
const dmy = (d: string) => d.split('-').reverse().join('/');

/** The page's body. */
export function calendarBody(v: CalendarView): Html {
  const { t } = v;
  const q = langQuery(v.lang);
  const sep = q ? '&' : '?';
  const yearLink = (y: number, key: string) =>
    html`<a href="/admin/campaigns${q}${sep}year=${y}">${t(key, { year: y })}</a>`;
  return html`<div id="campaigns" data-year="${v.year}" data-strings="${clientStrings(t, STRINGS)}">
<nav class="years" aria-label="${t('yearNav')}">${yearLink(v.year - 1, 'prevYear')} · ${yearLink(v.year + 1, 'nextYear')}</nav>
<p id="result" role="status" aria-live="polite"></p>
<section aria-labelledby="notices-h"><h2 id="notices-h">${t('notices.title')}</h2>
${
  v.notices.length === 0
    ? html`<p class="muted">${t('notices.empty')}</p>`
    : html`<ul class="notices">${v.notices.map(
        (
          n,
        ) => html`<li data-notice="${n.id}"><p>${n.text}</p><p class="muted">${t('notices.due', { date: dmy(n.dueDate) })}</p>
        ${v.canDismiss ? html`<button type="button" class="secondary" data-dismiss="${n.id}">${t('notices.dismiss')}</button>` : ''}</li>`,
      )}</ul>`
}
</section>
${themeSection(v)}
<section aria-labelledby="occ-h"><h2 id="occ-h">${t('occ.title')}</h2>
${v.occurrences.length === 0 ? html`<p>${t('occ.empty')}</p>` : html`<div class="occurrences">${v.occurrences.map((o) => occurrence(v, o))}</div>`}
</section>
${v.canLink ? linkSection(t) : ''}
</div>`;
}

function themeSection(v: CalendarView): Html {
  const { t } = v;
  const help = html`<p class="muted">${t('theme.help', { theme: '{{theme}}' })}</p>`;
  if (!v.canTheme)
    return html`<section aria-labelledby="theme-h"><h2 id="theme-h">${t('theme.title', { year: v.year })}</h2>${help}
<p>${v.theme?.vi ?? t('theme.missing')}</p></section>`;
  return html`<section aria-labelledby="theme-h"><h2 id="theme-h">${t('theme.title', { year: v.year })}</h2>${help}
<form id="theme-form">
<label for="theme-vi">${t('theme.vi')}</label><input type="text" id="theme-vi" name="vi" maxlength="300" required value="${v.theme?.vi ?? ''}">
<label for="theme-en">${t('theme.en')}</label><input type="text" id="theme-en" name="en" maxlength="300" value="${v.theme?.en ?? ''}">
<p><button type="submit">${t('theme.save')}</button></p></form></section>`;
}

function occurrence(v: CalendarView, o: OccurrenceRow): Html {
  const { t } = v;
  const id = `occ-${o.id}`;
  const approval = o.approvedBy
    ? t('occ.approvedBy', { who: v.names(o.approvedBy), at: localTime(o.approvedAt, v.lang, v.timeZone) })
    : t('occ.notApproved');
  const button = (action: string, show: boolean) =>
    show
      ? html`<button type="button" data-action="${action}" data-id="${o.id}" ${action === 'approve' ? '' : html`class="secondary"`} ${action === 'disable' ? html`data-confirm="${t('occ.confirmDisable', { date: dmy(o.date) })}"` : ''}>${t(`occ.${action}`)}</button>`
      : '';
  const editable = ['pending', 'approved', 'disabled'].includes(o.status);
  return html`<article class="occurrence" id="${id}" aria-labelledby="${id}-h">
<h3 id="${id}-h"><time datetime="${o.date}">${dmy(o.date)}</time> ${o.time} · ${t(`campaigns:campaign.${o.campaign ?? 'custom'}`)}</h3>
<dl><dt>${t('occ.status')}</dt><dd><span class="status status-${o.status}">${t(`status.${o.status}`)}</span></dd>
<dt>${t('occ.approval')}</dt><dd>${approval}</dd></dl>
<p class="message-text" lang="vi">${o.message.vi}</p>
${o.message.en ? html`<p class="message-text" lang="en">${o.message.en}</p>` : ''}
${
  v.canActOn(o)
    ? html`<div class="buttons">${button('approve', o.status === 'pending')}${button('disable', o.status === 'pending' || o.status === 'approved')}${button('enable', o.status === 'disabled')}</div>
${
  editable
    ? html`<details><summary>${t('occ.edit')}</summary><form class="edit" data-id="${o.id}">
<p class="muted">${t('occ.editHelp')}</p>
<label for="${id}-vi">${t('occ.editVi')}</label><textarea id="${id}-vi" name="vi" rows="5" required>${o.message.vi}</textarea>
<label for="${id}-en">${t('occ.editEn')}</label><textarea id="${id}-en" name="en" rows="5">${o.message.en ?? ''}</textarea>
<p><button type="submit">${t('occ.save')}</button></p></form></details>`
    : ''
}`
    : ''
}
</article>`;
}

function linkSection(t: Translate): Html {
  return html`<section aria-labelledby="link-h"><h2 id="link-h">${t('link.title')}</h2>
<p class="muted">${t('link.help')}</p>
<p><button type="button" id="link-code">${t('link.create')}</button></p>
<div id="link-result" hidden><p>${t('link.code')}</p><p><code id="link-command"></code></p><p id="link-expires" class="muted"></p></div>
</section>`;
}
