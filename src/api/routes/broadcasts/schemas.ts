/**
 * Request bodies of the broadcasts API as zod schemas; their errors are answered by parseOr400
 * (../parse.ts) as 400 {error: "bad_request", message: "<field>: <what is wrong>"}.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { must } from '../parse.ts';

/** Longest text per locale: Zalo Bot Platform sends 1–2000 characters (docs/SOURCES.md, Zalo Bot Platform). */
export const MAX_MESSAGE_CHARS = 2000;

const text = z
  .string({ error: must('a string') })
  .refine((s) => s.trim().length > 0, { message: 'must not be blank' })
  .refine((s) => [...s].length <= MAX_MESSAGE_CHARS, { message: `is over ${MAX_MESSAGE_CHARS} characters` });

const names = z
  .array(z.string({ error: 'must be a list of names' }).trim().min(1).max(200), {
    error: 'must be a list of names',
  })
  .max(200);

export const audienceSchema = z.strictObject({
  channels: names.optional(),
  units: names.optional(),
  formerDistricts: names.optional(),
  locales: names.optional(),
});

export const createSchema = z.strictObject({
  message: z.strictObject({ vi: text, en: text.optional() }, { error: must('an object') }),
  audience: audienceSchema.default({}),
  sendAt: z.iso
    .datetime({ offset: true, error: 'must be an ISO time with an offset, e.g. 2026-12-01T08:00:00+07:00' })
    .optional(),
  send: z.boolean({ error: 'must be true or false' }).optional(),
  media: z
    .strictObject({
      kind: z.enum(['image', 'audio'], { error: 'must be image or audio' }),
      url: z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2000),
      lang: z.enum(['thai', 'hmong', 'vi'], { error: 'must be thai, hmong or vi' }).optional(),
    })
    .optional(),
  paid: z.boolean({ error: 'must be true or false' }).optional(),
});

export const previewSchema = z.strictObject({ audience: audienceSchema.default({}) });
export const sendSchema = z
  .strictObject({
    sendAt: z.iso.datetime({ offset: true, error: 'must be an ISO time with an offset' }).optional(),
  })
  .default({});
export const retrySchema = z
  .strictObject({ includeUnknown: z.boolean({ error: 'must be true or false' }).default(false) })
  .default({
    includeUnknown: false,
  });
export const pageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
/** Every status a broadcast can have; awaiting_approval is the four-eyes addition to the README's. */
export const BROADCAST_STATUSES = [
  'draft',
  'awaiting_approval',
  'scheduled',
  'sending',
  'done',
  'cancelled',
] as const;
export const listSchema = pageSchema.extend({
  status: z.enum(BROADCAST_STATUSES, { error: `must be one of ${BROADCAST_STATUSES.join(', ')}` }).optional(),
});
export const auditSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  action: z
    .string()
    .regex(/^[a-z_]{1,40}$/, 'the first part of an action, e.g. broadcast')
    .optional()
    .describe('only actions of this kind: broadcast lists broadcast.create, broadcast.send…'),
  actor: z.string().min(1).max(80).optional().describe('only entries by this actor, e.g. user:4, token:2'),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('only entries older than this id: the `next` of the previous page'),
});

/** Answers 400 for an audience name resolveAudience did not find. */
export function badField(reply: FastifyReply, field: string, message: string) {
  return reply.code(400).send({ error: 'bad_request', message: `${field}: ${message}` });
}
