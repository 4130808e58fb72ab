/**
 * The campaign calendar as data (data/campaigns.json): which days carry a message, at what local time,
 * to whom, and the message per locale with an optional {{theme}} for the year's theme.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A month-day "MM-DD" that exists in some year (02-29 included: it occurs in leap years only). */
const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD, e.g. 03-08')
  .refine((v) => {
    const [m, d] = v.split('-').map(Number) as [number, number];
    return d <= new Date(Date.UTC(2024, m, 0)).getUTCDate();
  }, 'is not a day of that month');

/** Local time "HH:MM" (24 h). */
export const timeSchema = z
  .string({ error: 'must be HH:MM, e.g. 08:00' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, e.g. 08:00');

/** Placeholders a template may use; anything else in {{…}} is a typo caught at load. */
export const TEMPLATE_VARS = ['theme'] as const;

const template = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine(
    (s) => [...s.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].every((m) => m[1] === 'theme'),
    'only {{theme}} may be used',
  );

const ruleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), on: monthDay }),
  /** Every 7 days from `from` to `to` inclusive; a window may cross the new year (12-20 to 01-10). */
  z.strictObject({ kind: z.literal('weekly'), from: monthDay, to: monthDay }),
]);

export const campaignSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lower-case slug'),
  rule: ruleSchema,
  time: timeSchema.default('08:00'),
  audience: z
    .strictObject({
      channels: z.array(z.string()).optional(),
      units: z.array(z.string()).optional(),
      formerDistricts: z.array(z.string()).optional(),
      locales: z.array(z.string()).optional(),
    })
    .default({}),
  message: z.strictObject({ vi: template, en: template.optional() }),
});

export const calendarSchema = z
  .strictObject({ campaigns: z.array(campaignSchema) })
  .refine((c) => new Set(c.campaigns.map((e) => e.id)).size === c.campaigns.length, 'ids must be unique');

export type CampaignEntry = z.output<typeof campaignSchema>;
export type CampaignRule = CampaignEntry['rule'];
export type CampaignCalendar = z.output<typeof calendarSchema>;

/** The shipped calendar file. */
export const CALENDAR_FILE = new URL('./data/campaigns.json', import.meta.url);

/** Parses calendar data or throws one line naming the entry and field that is wrong. */
export function parseCalendar(raw: unknown): CampaignCalendar {
  const parsed = calendarSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`campaign calendar: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
}

let shipped: CampaignCalendar | undefined;

/** The calendar from a file (default: the shipped one, read and checked once per process). */
export function loadCalendar(file: URL | string = CALENDAR_FILE): CampaignCalendar {
  if (file === CALENDAR_FILE && shipped) return shipped;
  const calendar = parseCalendar(JSON.parse(readFileSync(file, 'utf8')));
  if (file === CALENDAR_FILE) shipped = calendar;
  return calendar;
}
