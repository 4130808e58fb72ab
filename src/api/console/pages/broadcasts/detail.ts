/**
 * One broadcast's page: what it says and to whom, who wrote and approved it, a live progress bar
 * (the script follows /api/v1/broadcasts/:id/events) and the actions its status allows.
 */

import type { DeliveryCounts } from '../../../../db/queries/broadcasts.ts';
import type { BroadcastRow } from '../../../../db/schema/broadcasts.ts';
import type { Actor } from '../../../access.ts';
import { hasRole } from '../../../access.ts';
import { type Html, html } from '../../html.ts';
import type { ConsoleLang, Translate } from '../../layout.ts';
import { audienceText, clientStrings, langQuery, localTime } from './shared.ts';

/** Strings the page script uses. */
const STRINGS = [
  'detail.progressLabel',
  'detail.live',
  'detail.disconnected',
  'detail.done',
  'detail.retried',
  'detail.error',
  ...['draft', 'awaiting_approval', 'scheduled', 'sending', 'done', 'cancelled'].map((s) => `status.${s}`),
];

const PARTS = ['sent', 'failed', 'skipped', 'unknown'] as const;

/** The detail page's body. */
export function detailBody(o: {
  t: Translate;
  lang: ConsoleLang;
  timeZone: string;
  actor: Actor;
  row: BroadcastRow;
  counts: DeliveryCounts;
  reasons: { failed: Record<string, number>; skipped: Record<string, number> };
  recipients: number | null;
  /** An actor id ("user:3") as officers know it (the account's name). */
  names: (actorId: string | null) => string | undefined;
}): Html {
  const { t, lang, row, counts } = o;
  const done = counts.sent + counts.failed + counts.skipped + counts.unknown;
  const pct = counts.total > 0 ? Math.floor((done / counts.total) * 100) : 0;
  const officer = hasRole(o.actor, 'officer');
  const dl = (label: string, value: Html | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const reasons = [...Object.entries(o.reasons.failed), ...Object.entries(o.reasons.skipped)];
  const media = row.media
    ? html`${row.media.kind === 'image' ? t('form.kindImage') : t('form.kindAudio')}: <span class="url">${row.media.url}</span>`
    : t('detail.none');
  return html`<p><a href="/admin/broadcasts${langQuery(lang)}">${t('detail.back')}</a></p>
<section id="broadcast" data-id="${row.id}" data-status="${row.status}" data-creator="${row.createdBy}"
  data-me="${o.actor.id}" data-my-name="${o.actor.name}" data-officer="${officer ? '1' : ''}" data-strings="${clientStrings(t, STRINGS)}">
<div class="messages">
  <h2 lang="vi">${t('locale.vi')}</h2><p class="message-text" lang="vi">${row.message.vi}</p>
  ${row.message.en ? html`<h2 lang="en">${t('locale.en')}</h2><p class="message-text" lang="en">${row.message.en}</p>` : ''}
</div>
<dl class="facts">
  ${dl(t('detail.status'), html`<span id="status" class="status status-${row.status}">${t(`status.${row.status}`)}</span>`)}
  ${dl(t('detail.audience'), audienceText(t, row.audience))}
  ${dl(t('detail.recipients'), o.recipients === null ? t('detail.none') : String(o.recipients))}
  ${dl(t('detail.media'), media)}
  ${dl(t('detail.paid'), row.paid ? t('detail.yes') : t('detail.none'))}
  ${dl(t('detail.sendAt'), localTime(row.sendAt, lang, o.timeZone) || t('detail.none'))}
  ${dl(t('detail.createdBy'), o.names(row.createdBy) ?? row.createdBy)}
  ${dl(t('detail.createdAt'), localTime(row.createdAt, lang, o.timeZone))}
  ${dl(t('detail.approvedBy'), html`<span id="approved-by">${o.names(row.approvedBy) ?? t('detail.none')}</span>`)}
</dl>
<h2>${t('detail.progress')}</h2>
<div class="bar" aria-hidden="true">${PARTS.map(
    (p) =>
      html`<span class="seg seg-${p}" data-part="${p}" data-width="${counts.total ? (counts[p] / counts.total) * 100 : 0}"></span>`,
  )}</div>
<progress id="progress" class="visually-hidden" max="100" value="${pct}" aria-labelledby="progress-label"></progress>
<p id="progress-label" aria-live="polite">${t('detail.progressLabel', { done, total: counts.total, pct })}</p>
<ul class="legend">${[...PARTS, 'pending' as const].map(
    (p) =>
      html`<li><span class="swatch seg-${p}"></span>${t(`detail.${p}`)}: <strong data-count="${p}">${p === 'pending' ? counts.pending + counts.sending : counts[p]}</strong></li>`,
  )}</ul>
<p id="live" class="muted" aria-live="polite"></p>
${reasons.length ? html`<h3>${t('detail.reasons')}</h3><ul class="reasons">${reasons.map(([r, n]) => html`<li>${r}: ${n}</li>`)}</ul>` : ''}
${officer ? actions(t) : ''}
<p id="result" role="status" aria-live="polite"></p>
</section>`;
}

/** Every action's control; the script shows those the current status allows. */
function actions(t: Translate): Html {
  return html`<h2>${t('detail.actions')}</h2>
<div class="actions">
  <div data-when="approve"><p class="muted">${t('detail.approveHint')}</p>
    <button type="button" id="approve">${t('detail.approve')}</button></div>
  <p data-when="own-waiting" class="muted">${t('detail.ownWaiting')}</p>
  <div data-when="send"><button type="button" id="send">${t('detail.send')}</button></div>
  <div data-when="retry"><button type="button" id="retry">${t('detail.retry')}</button>
    <p><input type="checkbox" id="include-unknown" aria-describedby="unknown-help">
    <label for="include-unknown" class="inline">${t('detail.includeUnknown')}</label></p>
    <p id="unknown-help" class="muted">${t('detail.unknownHelp')}</p></div>
  <div data-when="cancel"><button type="button" id="cancel" class="secondary" data-confirm="${t('detail.confirmCancel')}">${t('detail.cancel')}</button></div>
</div>`;
}
