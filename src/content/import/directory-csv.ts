/**
 * Reads the province's own directory list (CSV) into services. Every row is checked before anything
 * is written, and each problem names the file's line (header = line 1) and the column, so an officer
 * can fix the spreadsheet in one pass.
 */
import { parse } from 'csv-parse/sync';
import { staleServices } from '../directory.ts';
import type { Service, Unit } from '../types.ts';
import { UnitLookup } from '../units.ts';
import { COLUMN_NAMES, REQUIRED_COLUMNS } from './columns.ts';
import { readRow } from './directory-row.ts';
import { unguardFormula } from './spreadsheet.ts';

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

/** The file's records with the line each starts on (header = line 1); throws on a malformed file. */
export function csvRecords(text: string): Array<{ cells: string[]; line: number }> {
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
    cells: record.map(unguardFormula),
    line: info.lines - record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0),
  }));
}

/** Parses and checks a whole CSV file; never throws on bad content, it reports it. */
export function parseDirectoryCsv(text: string, ctx: DirectoryContext): DirectoryImport {
  let rows: Array<{ cells: string[]; line: number }>;
  try {
    rows = csvRecords(text);
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
  const env = { units: ctx.units, lookup, districts: lookup.formerDistricts(), today: ctx.today };
  const services: Service[] = [];
  const warnings: string[] = [];
  const firstLine = new Map<string, number>();

  for (const { cells, line } of body) {
    if (cells.length !== columns.length) {
      errors.push(`line ${line}: expected ${columns.length} fields as in the header, found ${cells.length}`);
      continue;
    }
    const cell = (c: string) => cells[columns.indexOf(c)] ?? '';
    const { service, problems } = readRow(cell, line, env);
    const id = service.id;
    if (ctx.shippedIds.has(id)) {
      problems.push(`line ${line}: id: "${id}" is shipped with Hoa Ban; change it with import content`);
    }
    const seen = firstLine.get(id);
    if (seen !== undefined) problems.push(`line ${line}: id: "${id}" is already used on line ${seen}`);
    else firstLine.set(id, line);
    if (problems.length) errors.push(...problems);
    else {
      services.push(service);
      if (staleServices([service], ctx.today).length) {
        warnings.push(
          `line ${line}: confirmed ${service.confirmed} is more than 12 months ago: imported but hidden from residents until re-confirmed`,
        );
      }
    }
  }
  return { services, errors, warnings };
}
