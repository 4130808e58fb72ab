/**
 * The scope picker of the account forms: an explicit "whole province" box, whole former districts, or
 * single communes and wards grouped under their former district, so an admin never widens an account
 * by leaving the lists empty (the API refuses that too).
 */
import type { Unit } from '../../../../content/types.ts';
import { type Html, html } from '../../html.ts';
import type { Translate } from '../../layout.ts';

/** What the picker starts with: an account's stored scope, or nothing ticked for a new one. */
export interface PickedScope {
  province: boolean;
  units: readonly string[];
  formerDistricts: readonly string[];
}

/** Units grouped by former district, both in Vietnamese order. */
export function unitsByDistrict(units: Unit[]): Array<[string, Unit[]]> {
  const groups = new Map<string, Unit[]>();
  for (const u of units) groups.set(u.formerDistrict, [...(groups.get(u.formerDistrict) ?? []), u]);
  const vi = (a: string, b: string) => a.localeCompare(b, 'vi');
  return [...groups]
    .sort(([a], [b]) => vi(a, b))
    .map(([d, list]) => [d, list.sort((a, b) => vi(a.name, b.name))]);
}

const box = (name: string, value: string, label: string, id: string, checked: boolean) =>
  html`<span class="check"><input type="checkbox" name="${name}" value="${value}" id="${id}" ${checked ? html`checked` : ''}><label for="${id}">${label}</label></span>`;

/** The picker's fieldset; `prefix` keeps the ids unique on the page. */
export function scopePicker(t: Translate, units: Unit[], picked: PickedScope, prefix: string): Html {
  const groups = unitsByDistrict(units);
  return html`<fieldset class="scope" data-scope><legend>${t('scope.legend')}</legend>
<p class="hint" id="${prefix}-scope-hint">${t('scope.hint')}</p>
<p>${box('province', 'true', t('scope.provinceCheck'), `${prefix}-province`, picked.province)}</p>
<div class="districts">${groups.map(
    ([district, list], i) => html`<fieldset class="district"><legend>${district}</legend>
${box('formerDistricts', district, t('scope.formerDistrict', { name: district }), `${prefix}-fd-${i}`, picked.formerDistricts.includes(district))}
<div class="units">${list.map((u, j) => box('units', u.name, u.name, `${prefix}-u-${i}-${j}`, picked.units.includes(u.name)))}</div></fieldset>`,
  )}</div></fieldset>`;
}

/** The role select of the account forms. */
export function roleSelect(t: Translate, id: string, current: string | undefined): Html {
  return html`<label for="${id}">${t('create.role')}</label>
<select id="${id}" name="role">${['officer', 'viewer', 'admin'].map(
    (r) => html`<option value="${r}" ${r === current ? html`selected` : ''}>${t(`role.${r}`)}</option>`,
  )}</select>`;
}
