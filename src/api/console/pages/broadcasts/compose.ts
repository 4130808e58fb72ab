/**
 * The compose form: a message per language with counters and previews, optional media, the audience
 * (channels, languages, former districts and their communes/wards within the officer's scope) with a
 * live count, the time, and paid sending on Telegram. The script posts it to /api/v1/broadcasts.
 */

import type { Unit } from '../../../../content/types.ts';
import type { Scope } from '../../../access.ts';
import { type Html, html } from '../../html.ts';
import type { Translate } from '../../layout.ts';
import { clientStrings } from './shared.ts';

const CHANNELS = ['telegram', 'zalo-oa', 'zalo-bot', 'webchat'];
const LOCALES = ['vi', 'en', 'thai', 'hmong'];
const STRINGS = [
  ...['counter', 'overZalo', 'overCaption', 'overTelegram', 'previewEmpty', 'mediaImage', 'mediaAudio'],
  ...['counting', 'recipients', 'byChannel', 'zaloForecast', 'errorVi', 'errorSendAt', 'errorMediaUrl'],
  ...['error', 'sending', 'pickArea'],
]
  .map((k) => `form.${k}`)
  .concat(['webchat', 'telegram', 'zalo-oa', 'zalo-bot'].map((c) => `channel.${c}`));

/** Former districts with the units of each that the scope covers (a district only when all are). */
export function areasIn(units: Unit[], scope: Scope) {
  const byDistrict = new Map<string, { units: Unit[]; whole: boolean }>();
  for (const u of units) {
    const inScope = scope.all || scope.units.has(u.name);
    const d = byDistrict.get(u.formerDistrict) ?? { units: [], whole: true };
    if (inScope) d.units.push(u);
    else d.whole = false;
    byDistrict.set(u.formerDistrict, d);
  }
  return [...byDistrict].filter(([, d]) => d.units.length > 0).sort(([a], [b]) => a.localeCompare(b, 'vi'));
}

const check = (name: string, value: string, label: string, id: string) =>
  html`<span class="check"><input type="checkbox" name="${name}" value="${value}" id="${id}"><label for="${id}">${label}</label></span>`;

/** The compose page's body. */
export function composeBody(o: { t: Translate; units: Unit[]; scope: Scope }): Html {
  const { t } = o;
  const areas = areasIn(o.units, o.scope);
  const textArea = (lng: 'vi' | 'en') => html`<label for="msg-${lng}">${t(`form.${lng}`)}</label>
<textarea id="msg-${lng}" name="${lng}" rows="6" ${lng === 'vi' ? html`required` : ''} aria-describedby="count-${lng} limits"></textarea>
<p class="counter" id="count-${lng}" aria-live="polite"></p>`;
  return html`<form id="compose" class="compose" novalidate data-scoped="${o.scope.all ? '' : '1'}" data-strings="${clientStrings(t, STRINGS)}">
<fieldset><legend>${t('form.message')}</legend>
${textArea('vi')}${textArea('en')}
<p id="limits" class="muted">${t('form.limits')}</p>
</fieldset>
<section class="previews" aria-labelledby="preview-h"><h2 id="preview-h">${t('form.preview')}</h2>
<div class="preview preview-telegram"><h3>${t('form.previewTelegram')}</h3><div class="bubble" data-preview="telegram"></div></div>
<div class="preview preview-zalo"><h3>${t('form.previewZalo')}</h3><div class="bubble" data-preview="zalo"></div></div>
</section>
<fieldset><legend>${t('form.media')}</legend>
<label for="media-kind">${t('form.mediaKind')}</label>
<select id="media-kind" name="mediaKind"><option value="">${t('form.kindNone')}</option>
<option value="image">${t('form.kindImage')}</option><option value="audio">${t('form.kindAudio')}</option></select>
<label for="media-url">${t('form.mediaUrl')}</label>
<input type="url" id="media-url" name="mediaUrl" inputmode="url" placeholder="https://">
<label for="media-lang">${t('form.mediaLang')}</label>
<select id="media-lang" name="mediaLang"><option value="">${t('form.mediaLangNone')}</option>
${['vi', 'thai', 'hmong'].map((l) => html`<option value="${l}">${t(`locale.${l}`)}</option>`)}</select>
</fieldset>
<fieldset id="audience"><legend>${t('form.audience')}</legend>
<p class="muted">${t('form.audienceHelp')}</p>
<fieldset class="inline-group"><legend>${t('form.channels')}</legend>
${CHANNELS.map((c) => check('channels', c, t(`channel.${c}`), `ch-${c}`))}</fieldset>
<fieldset class="inline-group"><legend>${t('form.locales')}</legend>
${LOCALES.map((l) => check('locales', l, t(`locale.${l}`), `lc-${l}`))}</fieldset>
<fieldset class="areas"><legend>${t('form.areas')}</legend>
<label for="unit-filter">${t('form.filterUnits')}</label>
<input type="text" id="unit-filter" autocomplete="off">
${areas.map(
  (
    [district, d],
    i,
  ) => html`<fieldset class="district" data-district="${district}"><legend>${district}</legend>
  ${d.whole ? check('formerDistricts', district, t('form.formerDistrict', { name: district }), `fd-${i}`) : ''}
  <div class="units">${d.units.map((u, j) => check('units', u.name, u.name, `u-${i}-${j}`))}</div></fieldset>`,
)}
</fieldset>
<div class="count" id="count" aria-live="polite"><strong id="count-total"></strong><ul id="count-detail"></ul><p id="count-zalo"></p></div>
</fieldset>
<fieldset><legend>${t('form.when')}</legend>
<span class="check"><input type="radio" name="when" value="now" id="when-now" checked><label for="when-now">${t('form.now')}</label></span>
<span class="check"><input type="radio" name="when" value="later" id="when-later"><label for="when-later">${t('form.later')}</label></span>
<label for="send-at">${t('form.sendAt')}</label>
<input type="datetime-local" id="send-at" name="sendAt">
<p><span class="check"><input type="checkbox" id="paid" name="paid" aria-describedby="paid-warning"><label for="paid">${t('form.paid')}</label></span></p>
<p id="paid-warning" class="warning">${t('form.paidWarning')}</p>
</fieldset>
<p id="form-error" class="error" role="alert"></p>
<p class="buttons"><button type="submit" id="submit" value="send">${t('form.submit')}</button>
<button type="submit" id="save-draft" value="draft" class="secondary">${t('form.draft')}</button></p>
</form>`;
}
