/**
 * Request bodies of the campaign calendar API as zod schemas, and the routes' OpenAPI descriptions
 * (/api/v1/campaigns/occurrences, themes, notices, officer link codes).
 */
import { z } from 'zod';
import { timeSchema } from '../../../content/campaigns.ts';
import { describeRoute } from '../../openapi-registry.ts';
import { must } from '../parse.ts';

const template = z
  .string({ error: must('a string') })
  .refine((s) => s.trim().length > 0, 'must not be blank')
  .refine((s) => [...s].length <= 2000, 'is over 2000 characters')
  .refine(
    (s) => [...s.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].every((m) => m[1] === 'theme'),
    'only {{theme}} may be used',
  );
const names = z.array(z.string({ error: 'must be a list of names' }).trim().min(1).max(200)).max(200);
const fields = {
  date: z
    .string({ error: must('a date YYYY-MM-DD') })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a day of the calendar'),
  time: timeSchema,
  message: z.strictObject(
    { vi: template, en: template.optional() },
    { error: 'must be an object {vi, en?}' },
  ),
  media: z.strictObject({
    kind: z.enum(['image', 'audio'], { error: 'must be image or audio' }),
    url: z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2000),
    lang: z.enum(['thai', 'hmong', 'vi'], { error: 'must be thai, hmong or vi' }).optional(),
  }),
  audience: z.strictObject({
    channels: names.optional(),
    units: names.optional(),
    formerDistricts: names.optional(),
    locales: names.optional(),
  }),
};
export const createSchema = z.strictObject({
  date: fields.date,
  time: fields.time.default('08:00'),
  message: fields.message,
  media: fields.media.optional(),
  audience: fields.audience.default({}),
});
export const patchSchema = z
  .strictObject({
    date: fields.date.optional(),
    time: fields.time.optional(),
    message: fields.message.optional(),
    media: fields.media.nullable().optional(),
    audience: fields.audience.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export const themeSchema = z.strictObject({
  vi: z
    .string({ error: must('a string') })
    .trim()
    .min(1, 'must not be blank')
    .max(300),
  en: z
    .string({ error: must('a string') })
    .trim()
    .min(1, 'must not be blank')
    .max(300)
    .optional(),
});

const SCOPE =
  'Officers limited to some communes/wards: 403 when the occurrence’s audience reaches outside them.';
const occ = (method: 'POST' | 'PATCH', suffix: string, summary: string, extra: object = {}) =>
  describeRoute({
    method,
    path: `/api/v1/campaigns/occurrences${suffix}`,
    summary,
    description: SCOPE,
    role: 'officer',
    ...extra,
  });
describeRoute({
  method: 'GET',
  path: '/api/v1/campaigns/occurrences',
  summary: 'The occurrences of a year with their state (pending, approved, disabled, fired, missed)',
  role: 'viewer',
  query: z.object({ year: z.string().regex(/^\d{4}$/) }),
});
occ('POST', '', 'Add an officer’s own occurrence, pending approval', { body: createSchema, status: 201 });
occ('PATCH', '/:id', 'Edit date, time, message, media or audience; an approved one goes back to pending', {
  body: patchSchema,
});
occ(
  'POST',
  '/:id/approve',
  'Approve (409 while the year’s theme is missing; 403 four_eyes for anyone who wrote it since its last approval)',
);
occ('POST', '/:id/disable', 'Disable: it will not be sent');
occ('POST', '/:id/enable', 'Enable a disabled occurrence again (pending)');
describeRoute({
  method: 'GET',
  path: '/api/v1/campaigns/themes/:year',
  summary: 'The year’s theme',
  role: 'viewer',
});
describeRoute({
  method: 'PUT',
  path: '/api/v1/campaigns/themes/:year',
  summary: 'Set the year’s theme {vi, en?}',
  role: 'admin',
  body: themeSchema,
});
describeRoute({
  method: 'GET',
  path: '/api/v1/notices',
  summary: 'Officers’ open reminders',
  role: 'viewer',
});
describeRoute({
  method: 'POST',
  path: '/api/v1/notices/:id/dismiss',
  summary: 'Dismiss a reminder for everyone (province accounts)',
  role: 'officer',
});
describeRoute({
  method: 'POST',
  path: '/api/v1/officer-link-codes',
  summary: 'A one-time code (24 h) an officer sends as /officer CODE from their own chat',
  role: 'officer',
  status: 201,
});
