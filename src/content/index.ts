/** Loads the shipped content files and builds the ContentIndex the conversation core reads. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Directory, generatedServices, staleServices } from './directory.ts';
import { detectEmergency } from './emergency.ts';
import {
  describeIssues,
  faqNodeSchema,
  parseList,
  serviceSchema,
  unitSchema,
  unitsFileSchema,
} from './schemas.ts';
import { FaqSearch, loadSynonyms, type SynonymTable } from './search.ts';
import type { ContentIndex, FaqNode, Service, Unit } from './types.ts';
import { UnitLookup } from './units.ts';

export { generatedServices, STALE_AFTER_MONTHS, staleServices } from './directory.ts';

/** The three kinds of content, as stored in the files and in the database. */
export interface ContentData {
  faq: FaqNode[];
  services: Service[];
  units: Unit[];
}

/** Where the shipped seed files live. */
export const SEED_DIR = fileURLToPath(new URL('./data/', import.meta.url));

function readJson(dir: string, file: string): unknown {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: invalid JSON: ${withLine((err as Error).message, text)}`);
  }
}

/** Adds "line L column C" to a JSON.parse message that only gives a position (Node 20 does). */
function withLine(message: string, text: string): string {
  const at = /at position (\d+)/.exec(message);
  if (!at || /line \d+/.test(message)) return message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line} column ${column})`;
}

/**
 * Reads and validates faq.json, services.json and units.json (synchronously, at start-up and for
 * `import content`); throws one error naming every bad file, entry id and field.
 */
export function loadSeedContent(dir: string = SEED_DIR): ContentData {
  const problems: string[] = [];
  const attempt = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (err) {
      problems.push((err as Error).message);
      return fallback;
    }
  };
  const faq = attempt(() => parseList(faqNodeSchema, readJson(dir, 'faq.json'), 'faq.json'), [] as FaqNode[]);
  const services = attempt(
    () => parseList(serviceSchema, readJson(dir, 'services.json'), 'services.json'),
    [] as Service[],
  );
  const units = attempt(() => {
    const parsed = unitsFileSchema.safeParse(readJson(dir, 'units.json'));
    if (!parsed.success) throw new Error(`units.json: ${describeIssues(parsed.error)}`);
    const list = parseList(unitSchema, parsed.data.units, 'units.json', 'name');
    const bad = list.filter((u) => !parsed.data.formerDistricts.includes(u.formerDistrict));
    if (bad.length) {
      throw new Error(
        bad.map((u) => `units.json: name "${u.name}": formerDistrict: unknown former district`).join('\n'),
      );
    }
    return list;
  }, [] as Unit[]);
  if (problems.length) throw new Error(problems.join('\n'));
  return { faq, services, units };
}

/** What the index is built for: the day that decides which entries are stale, and the search synonyms. */
export interface BuildOptions {
  /** Entries confirmed more than 12 months before this day are left out (default: now). */
  today?: Date;
  synonyms?: SynonymTable;
}

/**
 * Builds the pure, synchronous lookups over the content. Services are used as given, minus the stale
 * ones, plus the generated report routes of every unit (a fresh given service with the same id
 * replaces the generated one; a stale one falls back to it). Rebuild it daily and after edits.
 */
export function buildContentIndex(data: ContentData, opts: BuildOptions = {}): ContentIndex {
  const synonyms = opts.synonyms ?? loadSynonyms();
  const stale = new Set(staleServices(data.services, opts.today ?? new Date()));
  const fresh = data.services.filter((s) => !stale.has(s));
  const ids = new Set(fresh.map((s) => s.id));
  const services = [...fresh, ...generatedServices(data.units).filter((s) => !ids.has(s.id))];
  const units = new UnitLookup(data.units);
  const directory = new Directory(services, units);
  const search = new FaqSearch(data.faq, synonyms);
  const byId = new Map(data.faq.map((n) => [n.id, n]));
  const children = new Map<string | null, FaqNode[]>();
  for (const n of data.faq) {
    const list = children.get(n.parent) ?? [];
    list.push(n);
    children.set(n.parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.order - b.order);

  return {
    faq: {
      get: (id) => byId.get(id),
      children: (parent) => [...(children.get(parent) ?? [])],
      search: (text, locale, limit) => search.search(text, locale, limit),
      all: () => [...data.faq],
    },
    units: {
      all: () => units.all(),
      formerDistricts: () => units.formerDistricts(),
      matchUnits: (text) => units.matchUnits(text),
      get: (name) => units.get(name),
      findFormerDistrict: (text) => units.findFormerDistrict(text),
      unitsOf: (d) => units.unitsOf(d),
    },
    directory: {
      forUnit: (unit) => directory.forUnit(unit),
      national: () => directory.national(),
      nearest: (lat, lon, limit) => directory.nearest(lat, lon, limit),
      all: () => directory.all(),
    },
    detectEmergency,
  };
}
