/**
 * Directory entries as officers see and edit them: who sees and edits which entry (the scope rules of
 * ../../access.ts applied to an entry's commune, former district or the whole province), confidential
 * addresses hidden from everyone but admins, and the CSV columns an entry is read from and written to.
 */
import { staleServices } from '../../../content/directory.ts';
import { COLUMN_NAMES } from '../../../content/import/columns.ts';
import { guardFormula } from '../../../content/import/spreadsheet.ts';
import type { ContentIndex, Service } from '../../../content/types.ts';
import { type Actor, covers, hasRole } from '../../access.ts';

/** The units an entry serves: its commune, its former district's, or undefined for the province. */
export function entryUnits(s: Service, content: ContentIndex): string[] | undefined {
  if (s.unit) return [s.unit];
  if (s.formerDistrict) return content.units.unitsOf(s.formerDistrict).map((u) => u.name);
  return undefined;
}

/** An officer sees the entries of their units, of their former districts and the province-wide ones. */
export function maySee(actor: Actor, s: Service, content: ContentIndex): boolean {
  if (actor.scope.all) return true;
  const units = entryUnits(s, content);
  if (units === undefined) return true;
  const scope = actor.scope;
  return units.some((u) => scope.units.has(u));
}

/** Officers edit the entries wholly inside their scope; province-wide ones need a province scope. */
export function mayEdit(actor: Actor, s: Service, content: ContentIndex): boolean {
  return hasRole(actor, 'officer') && covers(actor.scope, entryUnits(s, content));
}

/** True when the entry holds a location (an address, or lat and lon). */
export function hasLocation(s: Service): boolean {
  return s.address !== null || s.lat !== null;
}

/** True when the entry's location is confidential: it has one and it is not marked public. */
export function confidential(s: Service): boolean {
  return !s.addressPublic && hasLocation(s);
}

/** True when the entry's address (and its map position) is kept from this actor: all but admins. */
export function addressHidden(actor: Pick<Actor, 'role'>, s: Service): boolean {
  return confidential(s) && actor.role !== 'admin';
}

/** An entry for the API: confidential address and position removed unless the actor is an admin. */
export function entryView(
  actor: Actor,
  s: Service,
  ctx: { content: ContentIndex; shipped: ReadonlySet<string>; today: Date },
) {
  const hidden = addressHidden(actor, s);
  return {
    ...s,
    ...(hidden ? { address: null, lat: null, lon: null } : {}),
    addressHidden: hidden,
    stale: staleServices([s], ctx.today).length > 0,
    shipped: ctx.shipped.has(s.id),
    editable: !ctx.shipped.has(s.id) && mayEdit(actor, s, ctx.content),
  };
}

/** An entry as the CSV's cells (the same columns `hoaban import directory` reads). */
export function toColumns(s: Service): Record<string, string> {
  const num = (n: number | null) => (n === null ? '' : String(n));
  return {
    id: s.id,
    kind: s.kind,
    name_vi: s.name.vi,
    name_en: s.name.en,
    unit: s.unit ?? '',
    former_district: s.formerDistrict ?? '',
    phone: s.phone ?? '',
    hours_vi: s.hours?.vi ?? '',
    hours_en: s.hours?.en ?? '',
    address: s.address ?? '',
    address_public: s.addressPublic ? 'yes' : 'no',
    lat: num(s.lat),
    lon: num(s.lon),
    note_vi: s.note?.vi ?? '',
    note_en: s.note?.en ?? '',
    languages: s.languages.join(';'),
    source: s.source,
    confirmed: s.confirmed,
  };
}

/** A cell quoted when it needs to be, and never run as a formula by a spreadsheet. */
const quote = (text: string) => {
  const v = guardFormula(text);
  return /[",;\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
};

/** Entries as a CSV file with every column, UTF-8 with a BOM so spreadsheets read the diacritics. */
export function toCsv(list: readonly Service[], hide: (s: Service) => boolean): string {
  const lines = [COLUMN_NAMES.join(',')];
  for (const s of list) {
    const cells = toColumns(s);
    if (hide(s)) Object.assign(cells, { address: '', lat: '', lon: '' });
    lines.push(COLUMN_NAMES.map((c) => quote(cells[c] ?? '')).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
