/**
 * Writes content as faq.json, services.json and units.json in the layout of src/content/data, so an
 * officer's edits in the database can be reviewed as a file diff and imported back unchanged.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ContentData, SEED_DIR } from './index.ts';
import type { Citation, FaqNode, Localized, Service, Unit } from './types.ts';

/** The three files of a content directory, in the order they are written. */
export const CONTENT_FILES = ['faq.json', 'services.json', 'units.json'] as const;

/** Line width of the repository's formatter (Biome), so exported files match the shipped ones. */
const WIDTH = 110;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

/**
 * Pretty JSON as Biome prints it: objects always one key a line, arrays of plain values on one line
 * when that line fits in 110 columns, otherwise one item a line.
 */
export function formatJson(value: Json, indent = '', prefix = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (prefix + flat.length + 1 <= WIDTH) return flat;
    }
    return `[\n${value.map((v) => inner + formatJson(v, inner, inner.length)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter((e): e is [string, Json] => e[1] !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([k, v]) => {
    const head = `${inner}${JSON.stringify(k)}: `;
    return head + formatJson(v, inner, head.length);
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

const loc = <T>(l: Localized<T>) => ({ vi: l.vi, en: l.en });
const locOrNull = (l: Localized | null) => (l ? loc(l) : null);
const citation = (c: Citation) => ({ law: c.law, article: c.article, clause: c.clause });

/** One FAQ node with its keys in the order of the shipped file (the database hands back jsonb keys sorted). */
function faqNode(n: FaqNode) {
  return {
    id: n.id,
    parent: n.parent,
    order: n.order,
    title: loc(n.title),
    answer: n.answer ? loc(n.answer) : undefined,
    citations: n.citations.map(citation),
    keywords: loc(n.keywords),
    field: n.field,
    sourceUrl: n.sourceUrl,
    reviewed: n.reviewed,
    reviewBy: n.reviewBy,
  };
}

function service(s: Service) {
  return {
    id: s.id,
    kind: s.kind,
    name: loc(s.name),
    unit: s.unit,
    formerDistrict: s.formerDistrict,
    phone: s.phone,
    hours: locOrNull(s.hours),
    address: s.address,
    addressPublic: s.addressPublic,
    lat: s.lat,
    lon: s.lon,
    note: locOrNull(s.note),
    languages: [...s.languages],
    source: s.source,
    confirmed: s.confirmed,
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** FAQ nodes in menu order: each topic followed by its children (by order, then id); orphans last. */
function treeOrder(faq: FaqNode[]): FaqNode[] {
  const kids = new Map<string | null, FaqNode[]>();
  for (const n of faq) kids.set(n.parent, [...(kids.get(n.parent) ?? []), n]);
  for (const list of kids.values()) list.sort((a, b) => a.order - b.order || byText(a.id, b.id));
  const out: FaqNode[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null) => {
    for (const n of kids.get(parent) ?? []) {
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      out.push(n);
      walk(n.id);
    }
  };
  walk(null);
  const rest = faq.filter((n) => !seen.has(n.id)).sort((a, b) => byText(a.id, b.id));
  return [...out, ...rest];
}

/** The units file: its header (not stored in the database) from the shipped file, units by former district. */
function unitsFile(units: Unit[], seedDir: string) {
  const header = JSON.parse(readFileSync(join(seedDir, 'units.json'), 'utf8')) as Record<string, Json>;
  const shipped = (header.formerDistricts as string[]) ?? [];
  const extra = [...new Set(units.map((u) => u.formerDistrict))].filter((d) => !shipped.includes(d)).sort();
  const districts = [...shipped, ...extra];
  const sorted = [...units].sort(
    (a, b) =>
      districts.indexOf(a.formerDistrict) - districts.indexOf(b.formerDistrict) || byText(a.name, b.name),
  );
  return {
    province: header.province,
    effective: header.effective,
    source: header.source,
    note: header.note,
    formerDistricts: districts,
    units: sorted.map((u) => ({
      name: u.name,
      kind: u.kind,
      formerDistrict: u.formerDistrict,
      mergedFrom: [...u.mergedFrom],
    })),
  };
}

/** The three files' text, deterministic for the same content whatever order it came in. */
export function contentFiles(data: ContentData, seedDir: string = SEED_DIR): Record<string, string> {
  const services = [...data.services].sort((a, b) => byText(a.id, b.id));
  return {
    'faq.json': `${formatJson(treeOrder(data.faq).map(faqNode) as Json)}\n`,
    'services.json': `${formatJson(services.map(service) as Json)}\n`,
    'units.json': `${formatJson(unitsFile(data.units, seedDir) as Json)}\n`,
  };
}

/** Thrown instead of overwriting an earlier export: officers' files are never silently replaced. */
export class ExportTargetNotEmptyError extends Error {}

/** Writes the three files into dir (created if missing); refuses non-empty files unless force. */
export function exportContent(data: ContentData, dir: string, opts: { force?: boolean } = {}): string[] {
  const files = contentFiles(data);
  const taken = CONTENT_FILES.filter((f) => existsSync(join(dir, f)) && statSync(join(dir, f)).size > 0);
  if (taken.length > 0 && !opts.force) {
    throw new ExportTargetNotEmptyError(
      `${dir} already has ${taken.join(', ')}; use --force to overwrite, or choose an empty directory`,
    );
  }
  mkdirSync(dir, { recursive: true });
  for (const f of CONTENT_FILES) writeFileSync(join(dir, f), files[f] as string);
  return CONTENT_FILES.map((f) => join(dir, f));
}
