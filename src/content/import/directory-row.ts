/**
 * One row of the directory CSV read into a service: each cell parsed, the rules that join cells
 * (translations in pairs, lat with lon, a unit inside its former district, confidential kinds)
 * applied, every problem named by line and column.
 */
import { CONFIDENTIAL_KINDS } from '../directory.ts';
import { slug } from '../normalize.ts';
import { serviceKindSchema, serviceSchema } from '../schemas.ts';
import type { Localized, Service, Unit } from '../types.ts';
import type { UnitLookup } from '../units.ts';
import {
  FieldError,
  parseCoordinate,
  parseDate,
  parseLanguages,
  parsePhone,
  parseYesNo,
  resolveDistrict,
  resolveUnit,
} from './fields.ts';

/** What a row is read against. */
export interface RowEnv {
  units: readonly Unit[];
  lookup: UnitLookup;
  districts: readonly string[];
  today: Date;
}

const KINDS: readonly string[] = serviceKindSchema.options;
const ID = /^[\w.:-]+$/;

/** Schema paths back to the file's columns, for the final safety-net check. */
const COLUMN_OF: Record<string, string> = {
  'name.vi': 'name_vi',
  'name.en': 'name_en',
  formerDistrict: 'former_district',
  addressPublic: 'address_public',
  'hours.vi': 'hours_vi',
  'hours.en': 'hours_en',
  'note.vi': 'note_vi',
  'note.en': 'note_en',
};

/** The service a row describes (meaningful only without problems) and the row's problems. */
export function readRow(
  cell: (column: string) => string,
  line: number,
  env: RowEnv,
): { service: Service; problems: string[] } {
  const problems: string[] = [];
  const read = <T>(column: string, fn: (v: string) => T, fallback: T): T => {
    try {
      return fn(cell(column));
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      problems.push(`line ${line}: ${column}: ${err.message}`);
      return fallback;
    }
  };
  const must = (column: string) =>
    read(
      column,
      (v) => {
        if (!v) throw new FieldError('must not be empty');
        return v;
      },
      '',
    );
  const pair = (a: string, b: string): Localized | null => {
    const [vi, en] = [cell(a), cell(b)];
    if (!vi && !en) return null;
    if (!vi || !en)
      problems.push(`line ${line}: ${vi ? b : a}: missing translation (${a} and ${b} go together)`);
    return { vi, en };
  };

  const kind = read(
    'kind',
    (v) => {
      if (!KINDS.includes(v)) throw new FieldError(`"${v}" is not one of ${KINDS.join(', ')}`);
      return v as Service['kind'];
    },
    'hotline' as Service['kind'],
  );
  const name = { vi: must('name_vi'), en: must('name_en') };
  const unit = cell('unit') ? read('unit', (v) => resolveUnit(v, env.units, env.lookup), null) : null;
  let formerDistrict = cell('former_district')
    ? read('former_district', (v) => resolveDistrict(v, env.districts), null)
    : null;
  if (unit && formerDistrict && unit.formerDistrict !== formerDistrict) {
    problems.push(
      `line ${line}: former_district: ${unit.name} belongs to ${unit.formerDistrict}, not ${formerDistrict}`,
    );
  }
  formerDistrict = unit?.formerDistrict ?? formerDistrict;
  const publicAddress = read('address_public', parseYesNo, false);
  if (publicAddress && CONFIDENTIAL_KINDS.has(kind)) {
    problems.push(`line ${line}: address_public: a ${kind}'s address is never shown; write no`);
  }
  const [latText, lonText] = [cell('lat'), cell('lon')];
  if (Boolean(latText) !== Boolean(lonText)) {
    problems.push(`line ${line}: ${latText ? 'lon' : 'lat'}: lat and lon go together`);
  }
  const swapped = Number(latText.replace(',', '.')) > 90 && Number(lonText.replace(',', '.')) < 90;
  if (swapped)
    problems.push(`line ${line}: lat: lat and lon look swapped (in Sơn La lat is about 21, lon 104)`);
  const lat = latText && !swapped ? read('lat', (v) => parseCoordinate(v, 8, 24), null) : null;
  const lon = lonText && !swapped ? read('lon', (v) => parseCoordinate(v, 102, 110), null) : null;
  const confirmed = read(
    'confirmed',
    (v) => {
      const d = parseDate(v);
      if (d > env.today.toISOString().slice(0, 10)) throw new FieldError(`${d} is in the future`);
      return d;
    },
    '',
  );
  const id =
    cell('id') ||
    `${kind}:${slug(unit?.name ?? formerDistrict ?? 'son-la')}:${slug(name.vi) || 'entry'}`.toLowerCase();
  if (cell('id') && !ID.test(id))
    problems.push(`line ${line}: id: "${id}" may hold letters, digits, . : - _`);
  const service: Service = {
    id,
    kind,
    name,
    unit: unit?.name ?? null,
    formerDistrict,
    phone: cell('phone') ? read('phone', parsePhone, null) : null,
    hours: pair('hours_vi', 'hours_en'),
    address: cell('address') || null,
    addressPublic: publicAddress && !CONFIDENTIAL_KINDS.has(kind),
    lat: lat !== null && lon !== null ? lat : null,
    lon: lat !== null && lon !== null ? lon : null,
    note: pair('note_vi', 'note_en'),
    languages: read('languages', parseLanguages, ['vi']),
    source: must('source'),
    confirmed,
  };
  if (problems.length === 0) {
    const checked = serviceSchema.safeParse(service);
    for (const issue of checked.success ? [] : checked.error.issues) {
      const path = issue.path.join('.');
      problems.push(`line ${line}: ${COLUMN_OF[path] ?? path}: ${issue.message}`);
    }
  }
  return { service, problems };
}
