/**
 * Generators of bad input for the resilience tests: mutations of recorded payloads (fields deleted,
 * types changed, huge or odd unicode strings, deep nesting), raw bodies that are not JSON, odd
 * content types and query strings; plus row counts of every table, to prove nothing was stored.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Service } from '../../src/service.ts';

/** The seed of every property in the resilience tests (FC_SEED overrides it to explore further). */
export const SEED = Number(process.env.FC_SEED ?? 20261129);

/** The recorded payloads of one channel's testdata directory. */
export function recordedPayloads(channel: 'telegram' | 'zalo-bot' | 'zalo-oa'): unknown[] {
  const dir = new URL(`../../src/bot/channels/${channel}/testdata/`, import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
}

type Path = Array<string | number>;

/** Every path into a value, down to depth 12 (deeper nesting is itself one of the mutations). */
function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (at.length > 0) out.push(at);
  if (at.length >= 12) return out;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) pathsOf(v, [...at, i], out);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}

/** Odd strings: empty, huge, astral and combining characters, control characters, lookalikes of numbers. */
export const oddString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '\u202E',
    '1e309',
    '-0',
    'NaN',
    'null',
    '../../etc/passwd',
    '%00',
  ),
  fc.constantFrom('x', 'ằ', '🌸', '\u0301').map((s) => s.repeat(100_000)),
);

/** Values that change a field's type or size. */
const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  oddString,
  fc.constantFrom(0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, true, false, null, [], {}),
  fc.integer({ min: 50, max: 3000 }).map((depth) => {
    let v: unknown = 'deep';
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
    return v;
  }),
);

const mutation = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom('delete', 'replace', 'replace', 'wrap', 'rename'),
  value: replacement,
  key: oddString,
});

/** A recorded payload after 1-4 random mutations; `fresh` stamps it first (new ids, current time). */
export function mutatedPayload(recorded: unknown[], fresh: (p: Record<string, unknown>) => void) {
  return fc
    .tuple(fc.constantFrom(...recorded), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([base, ops]) => {
      const doc = structuredClone(base) as Record<string, unknown>;
      fresh(doc);
      for (const op of ops) {
        const paths = pathsOf(doc);
        if (paths.length === 0) break;
        const path = paths[op.pick % paths.length] as Path;
        const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], doc);
        const last = path[path.length - 1] as string | number;
        const holder = parent as Record<string | number, unknown>;
        if (op.kind === 'delete') {
          if (Array.isArray(holder)) holder.splice(Number(last), 1);
          else delete holder[last];
        } else if (op.kind === 'replace') holder[last] = op.value;
        else if (op.kind === 'wrap') holder[last] = [holder[last]];
        else if (!Array.isArray(holder)) {
          holder[op.key.slice(0, 64)] = holder[last];
          delete holder[last];
        }
      }
      return doc as unknown;
    });
}

/** A body as sent: its bytes and content type (none, JSON, or something a webhook does not take). */
export interface RawBody {
  payload: string | Buffer;
  contentType?: string;
}

const contentTypes = fc.constantFrom(
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/xml',
  'application/jsonx',
  '*/*',
  '',
);

/** Bytes that are not JSON, or JSON under a wrong content type. */
export const rawBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc.record({
    payload: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    contentType: contentTypes,
  }),
  fc.record({
    payload: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('{', '[', '{"a":', '"', 'nul', '{"update_id":1,}', '\uFEFF{}', '{"__proto__":{"x":1}}'),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
    ),
    contentType: fc.oneof(fc.constant('application/json'), contentTypes),
  }),
);

/** A JSON value sent as application/json. */
export const jsonBody = (value: fc.Arbitrary<unknown>): fc.Arbitrary<RawBody> =>
  value.map((v) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' }));

const queryKey = fc.oneof(
  fc.constantFrom(
    'limit',
    'offset',
    'status',
    'from',
    'to',
    'format',
    'table',
    'lang',
    'q',
    'year',
    'unit',
    'kind',
    'stale',
    'dryRun',
    'formerDistrict',
    'page',
    'id',
    'sort',
    '__proto__',
    'constructor',
    'a[]',
    'a[b]',
  ),
  fc.string({ maxLength: 12 }),
);
const queryValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '-1',
    '0',
    '1e9',
    '99999999999999999999',
    'NaN',
    'true',
    '2026-02-30',
    '9999-99-99',
    'xlsx',
    'csv',
  ),
  fc.integer().map(String),
);

/** A query string (with its "?"), sometimes with raw malformed percent-escapes. */
export const queryString: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 6 })
    .map(
      (pairs) => `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`,
    ),
  fc.constantFrom('?%', '?a=%E0%A4%A', '?%zz=1', '?&&==&', '?limit=1&limit=2', '?a=%00', '?q=%C0%AF', ''),
);

/** A path parameter: ids that exist nowhere, odd strings, numbers and escapes, URL-encoded. */
export const pathParam: fc.Arbitrary<string> = fc.oneof(
  fc.uuid().map(String),
  fc.integer().map(String),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom('%', '%2F', '..', '%2e%2e', 'null', '0', '-1', '99999999999999999999', 'x'.repeat(5000)),
);

/** One way of spelling a path differently; each is applied to the path in turn. */
const spellingOp: fc.Arbitrary<SpellingOp> = fc.oneof(
  // Percent-encode one character (lower- or upper-case hex), or every letter.
  fc.record({ kind: fc.constant('encode' as const), at: fc.nat(), upper: fc.boolean() }),
  fc.record({ kind: fc.constant('encode-all' as const), upper: fc.boolean() }),
  // %2F for a slash, a doubled slash, a dot segment, a trailing dot, slash or semicolon.
  fc.record({ kind: fc.constantFrom('slash-2f', 'double-slash', 'dot-segment' as const), at: fc.nat() }),
  fc.record({ kind: fc.constantFrom('trailing-dot', 'trailing-slash', 'semicolon', 'dot-dot' as const) }),
  // Another case for one character, or the whole path.
  fc.record({ kind: fc.constant('case' as const), at: fc.nat(), all: fc.boolean() }),
);

type SpellingOp =
  | { kind: 'encode'; at: number; upper: boolean }
  | { kind: 'encode-all'; upper: boolean }
  | { kind: 'slash-2f' | 'double-slash' | 'dot-segment'; at: number }
  | { kind: 'trailing-dot' | 'trailing-slash' | 'semicolon' | 'dot-dot' }
  | { kind: 'case'; at: number; all: boolean };

function respell(path: string, op: SpellingOp): string {
  const hex = (c: string, upper: boolean) => {
    const h = Buffer.from(c, 'utf8').toString('hex').replace(/(..)/g, '%$1');
    return upper ? h.toUpperCase() : h;
  };
  const slashes = [...path.matchAll(/\//g)].map((m) => m.index as number);
  const slash = (at: number) => slashes[at % slashes.length] ?? 0;
  switch (op.kind) {
    case 'encode': {
      const i = op.at % path.length;
      const c = path[i] as string;
      return c === '/' || c === '%' ? path : `${path.slice(0, i)}${hex(c, op.upper)}${path.slice(i + 1)}`;
    }
    case 'encode-all':
      return path.replace(/[a-z]/gi, (c) => hex(c, op.upper));
    case 'slash-2f': {
      const i = slash(op.at);
      return i === 0 ? path : `${path.slice(0, i)}%2F${path.slice(i + 1)}`;
    }
    case 'double-slash': {
      const i = slash(op.at);
      return `${path.slice(0, i)}/${path.slice(i)}`;
    }
    case 'dot-segment': {
      const i = slash(op.at);
      return `${path.slice(0, i)}/.${path.slice(i)}`;
    }
    case 'trailing-dot':
      return `${path}.`;
    case 'trailing-slash':
      return `${path}/`;
    case 'semicolon':
      return `${path};a=1`;
    case 'dot-dot':
      return `/x/..${path}`;
    case 'case': {
      if (op.all) return path.toUpperCase();
      const i = op.at % path.length;
      const c = path[i] as string;
      const other = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
      return `${path.slice(0, i)}${other}${path.slice(i + 1)}`;
    }
  }
}

/** A path spelled oddly: 1-3 of the changes above, in order (the path itself about one time in ten). */
export function oddSpelling(path: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(path) },
    {
      weight: 9,
      arbitrary: fc.array(spellingOp, { minLength: 1, maxLength: 3 }).map((ops) => ops.reduce(respell, path)),
    },
  );
}

/** Fills a Fastify route path's :params (and a trailing wildcard) with the given values. */
export function fillPath(path: string, params: string[]): string {
  let i = 0;
  return path.replace(/:[A-Za-z0-9_]+|\*/g, () => params[i++ % params.length] ?? 'x');
}

/** Row counts of every table in the public schema but those in `except`. */
export async function rowCounts(service: Service, except: string[] = []): Promise<Record<string, number>> {
  const res = await service.database.db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of (res as unknown as { rows: Array<{ table_name: string }> }).rows) {
    if (except.includes(table_name)) continue;
    const r = await service.database.db.execute(
      sql`select count(*)::int as n from ${sql.identifier(table_name)}`,
    );
    counts[table_name] = Number((r as unknown as { rows: Array<{ n: number }> }).rows[0]?.n);
  }
  return counts;
}

/** Registers on Fastify's initialization channel a hook that records each route (method and URL). */
export function routeRecorder(into: Array<{ method: string; url: string }>) {
  return (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) if (method !== 'HEAD') into.push({ method, url: route.url });
    });
  };
}
