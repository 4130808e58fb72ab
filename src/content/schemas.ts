/** zod schemas for the content files; the seed loader and `import content` share them. */
import { z } from 'zod';
import { LAW_CODES } from './types.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const text = z.string().trim().min(1, 'must not be empty');
const localized = z.object({ vi: text, en: text }).strict();

/** A law citation; only the codes listed in docs/SOURCES.md are accepted. */
export const citationSchema = z
  .object({
    law: z.enum(LAW_CODES),
    article: z.string().regex(/^\d+[a-z]?$/, 'article must be a number such as "139"'),
    clause: z
      .string()
      .regex(/^\d+[a-zđ]?$/, 'clause must be a number such as "2"')
      .optional(),
  })
  .strict();

/** One FAQ node as stored in faq.json and in the database. */
/** Fields of the province plan an answer belongs to (QĐ 1790 plus violence), used in the reports. */
export const PLAN_FIELDS = [
  'politics',
  'economy',
  'labour',
  'education',
  'health',
  'science',
  'culture',
  'family',
  'violence',
] as const;

export const faqNodeSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+([.-][a-z0-9]+)*$/, 'id must be lower-case kebab/dot style'),
    parent: z.string().nullable(),
    order: z.number().int(),
    title: localized,
    answer: localized.optional(),
    citations: z.array(citationSchema),
    keywords: z.object({ vi: z.array(text), en: z.array(text) }).strict(),
    field: z.enum(PLAN_FIELDS).optional(),
    sourceUrl: z.url().optional(),
    reviewed: date,
    reviewBy: date,
  })
  .strict();

/** Every kind of place or number the directory can hold. */
export const serviceKindSchema = z.enum([
  'emergency',
  'hotline',
  'police',
  'trusted_address',
  'shelter',
  'social_work',
  'health',
  'legal_aid',
  'womens_union',
  'commune_authority',
]);

/** One directory entry; confidential places (shelters, trusted addresses) may not publish an address. */
export const serviceSchema = z
  .object({
    id: z.string().min(1),
    kind: serviceKindSchema,
    name: localized,
    unit: z.string().min(1).nullable(),
    formerDistrict: z.string().min(1).nullable(),
    phone: z
      .string()
      .regex(/^\+?[\d ]{3,20}$/, 'phone must be digits and spaces')
      .nullable(),
    hours: localized.nullable(),
    address: z.string().min(1).nullable(),
    addressPublic: z.boolean(),
    lat: z.number().min(-90).max(90).nullable(),
    lon: z.number().min(-180).max(180).nullable(),
    note: localized.nullable(),
    languages: z.array(z.string().min(2)),
    source: z.string().min(1),
    confirmed: date,
  })
  .strict()
  .refine((s) => !(s.addressPublic && (s.kind === 'shelter' || s.kind === 'trusted_address')), {
    message: 'shelters and trusted addresses must keep addressPublic false',
    path: ['addressPublic'],
  })
  .refine((s) => (s.lat === null) === (s.lon === null), {
    message: 'lat and lon must both be set or both be null',
    path: ['lat'],
  });

/** A commune or ward after 1/7/2025. */
export const unitSchema = z
  .object({
    name: text,
    kind: z.enum(['commune', 'ward']),
    formerDistrict: text,
    mergedFrom: z.array(text),
  })
  .strict();

/** The whole units.json file, whose units must name one of its former districts. */
export const unitsFileSchema = z
  .object({
    province: z.string(),
    effective: date,
    source: z.string(),
    note: z.string().optional(),
    formerDistricts: z.array(text).min(1),
    units: z.array(z.unknown()),
  })
  .strict();

/** Formats a zod error as "path: message" lines so content editors see the field at fault. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/**
 * Parses a list item by item so an error names the file, the entry's id (or name) and the field,
 * e.g. `faq.json: id "bao-luc.la-gi": citations.0.law: Invalid option`.
 */
export function parseList<T>(schema: z.ZodType<T>, items: unknown, file: string, key = 'id'): T[] {
  if (!Array.isArray(items)) throw new Error(`${file}: expected a JSON array`);
  const out: T[] = [];
  const problems: string[] = [];
  items.forEach((item, i) => {
    const r = schema.safeParse(item);
    if (r.success) out.push(r.data);
    else {
      const name = item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
      const label = typeof name === 'string' ? `${key} "${name}"` : `entry #${i}`;
      problems.push(`${file}: ${label}: ${describeIssues(r.error)}`);
    }
  });
  if (problems.length) throw new Error(problems.join('\n'));
  return out;
}
