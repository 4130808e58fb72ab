/**
 * Reads the province's own directory list (CSV) into services. Every row is checked before anything
 * is written, and each problem names the file's line (header = line 1) and the column, so an officer
 * can fix the spreadsheet in one pass.
 */
import { parse } from 'csv-parse/sync';
import { staleServices } from '../directory.ts';
import { slug } from '../normalize.ts';
import { serviceKindSchema, serviceSchema } from '../schemas.ts';
import type { Localized, Service, Unit } from '../types.ts';
import { UnitLookup } from '../units.ts';
import { COLUMN_NAMES, REQUIRED_COLUMNS } from './columns.ts';
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

/** What a file gave: the services of its rows (only meaningful without errors), errors and warnings. */
export interface DirectoryImport {
  services: Service[];
  /** "line N: column: message", in file order. */
  errors: string[];
  warnings: string[];
}

/** What the rows are checked against: the units in the database and the ids shipped with Hoa Ban. */
export interface DirectoryContext {
  units: readonly Unit[];
  shippedIds: ReadonlySet<string>;
  today: Date;
}

/** Kinds whose address is given by phone only, whatever the file says. */
const CONFIDENTIAL = new Set<Service['kind']>(['shelter', 'trusted_address']);
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

function records(text: string): Array<{ cells: string[]; line: number }> {
  const head = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = head.includes(';') && !head.includes(',') ? ';' : ',';
  const rows = parse(text, {
    bom: true,
    delimiter,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  // info.lines is where a record ends; a quoted cell may span lines, so count back to where it starts.
  return rows.map(({ record, info }) => ({
    cells: record,
    line: info.lines - record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0),
  }));
}

/** Parses and checks a whole CSV file; never throws on bad content, it reports it. */
export function parseDirectoryCsv(text: string, ctx: DirectoryContext): DirectoryImport {
  let rows: Array<{ cells: string[]; line: number }>;
  try {
    rows = records(text);
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { services: [], errors: [`line ${e.lines ?? '?'}: ${e.message}`], warnings: [] };
  }
  const [header, ...body] = rows;
  if (!header) return { services: [], errors: ['line 1: the file is empty'], warnings: [] };
  const columns = header.cells.map((c) => c.toLowerCase());
  const errors: string[] = [];
  for (const c of columns) if (!COLUMN_NAMES.includes(c)) errors.push(`line 1: unknown column "${c}"`);
  for (const c of REQUIRED_COLUMNS) if (!columns.includes(c)) errors.push(`line 1: missing column "${c}"`);
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  for (const c of new Set(repeated)) errors.push(`line 1: column "${c}" appears twice`);
  if (errors.length) return { services: [], errors, warnings: [] };
  if (body.length === 0) return { services: [], errors: ['line 2: no rows after the header'], warnings: [] };

  const lookup = new UnitLookup([...ctx.units]);
  const districts = lookup.formerDistricts();
  const services: Service[] = [];
  const warnings: string[] = [];
  const firstLine = new Map<string, number>();

  for (const { cells, line } of body) {
    if (cells.length !== columns.length) {
      errors.push(`line ${line}: expected ${columns.length} fields as in the header, found ${cells.length}`);
      continue;
    }
    const cell = (c: string) => cells[columns.indexOf(c)] ?? '';
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
    const unit = cell('unit') ? read('unit', (v) => resolveUnit(v, ctx.units, lookup), null) : null;
    let formerDistrict = cell('former_district')
      ? read('former_district', (v) => resolveDistrict(v, districts), null)
      : null;
    if (unit && formerDistrict && unit.formerDistrict !== formerDistrict) {
      problems.push(
        `line ${line}: former_district: ${unit.name} belongs to ${unit.formerDistrict}, not ${formerDistrict}`,
      );
    }
    formerDistrict = unit?.formerDistrict ?? formerDistrict;
    const publicAddress = read('address_public', parseYesNo, false);
    if (publicAddress && CONFIDENTIAL.has(kind)) {
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
        if (d > ctx.today.toISOString().slice(0, 10)) throw new FieldError(`${d} is in the future`);
        return d;
      },
      '',
    );
    const id =
      cell('id') ||
      `${kind}:${slug(unit?.name ?? formerDistrict ?? 'son-la')}:${slug(name.vi) || 'entry'}`.toLowerCase();
    if (cell('id') && !ID.test(id))
      problems.push(`line ${line}: id: "${id}" may hold letters, digits, . : - _`);
    if (ctx.shippedIds.has(id)) {
      problems.push(`line ${line}: id: "${id}" is shipped with Hoa Ban; change it with import content`);
    }
    const seen = firstLine.get(id);
    if (seen !== undefined) problems.push(`line ${line}: id: "${id}" is already used on line ${seen}`);
    else firstLine.set(id, line);

    const service: Service = {
      id,
      kind,
      name,
      unit: unit?.name ?? null,
      formerDistrict,
      phone: cell('phone') ? read('phone', parsePhone, null) : null,
      hours: pair('hours_vi', 'hours_en'),
      address: cell('address') || null,
      addressPublic: publicAddress && !CONFIDENTIAL.has(kind),
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
    if (problems.length) errors.push(...problems);
    else {
      services.push(service);
      if (staleServices([service], ctx.today).length) {
        warnings.push(
          `line ${line}: confirmed ${confirmed} is more than 12 months ago: imported but hidden from residents until re-confirmed`,
        );
      }
    }
  }
  return { services, errors, warnings };
}
