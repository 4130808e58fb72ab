/**
 * The body officers send to create or change a FAQ node, and how it becomes a node: the shape is
 * checked here, the content rules in faq-rules.ts (so an unknown law code gets the content check's
 * message, not a schema's).
 */
import { z } from 'zod';
import { slug } from '../../../content/normalize.ts';
import { PLAN_FIELDS } from '../../../content/schemas.ts';
import type { Citation, FaqNode } from '../../../content/types.ts';
import { monthsAfter } from './faq-rules.ts';

const localized = z.object({ vi: z.string().trim(), en: z.string().trim() }).strict();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/** Fields of a node an officer edits; the id comes from the URL or is made from the title. */
export const faqBody = z
  .object({
    id: z.string().trim().min(1).max(120).optional(),
    parent: z.string().min(1).nullable(),
    order: z.number().int().min(0).max(100_000).optional(),
    title: localized,
    answer: localized.nullable().optional(),
    citations: z
      .array(
        z
          .object({
            law: z.string().trim().min(1, 'law code is required'),
            article: z.string().trim(),
            clause: z.string().trim().optional(),
          })
          .strict(),
      )
      .max(10)
      .default([]),
    keywords: z.object({ vi: z.array(z.string().trim()), en: z.array(z.string().trim()) }).optional(),
    field: z.enum(PLAN_FIELDS).nullable().optional(),
    sourceUrl: z.url().nullable().optional(),
    reviewed: date.optional(),
    reviewBy: date.optional(),
  })
  .strict();

export type FaqBody = z.infer<typeof faqBody>;

/** The node a body describes; absent optional fields keep the stored node's (or sensible defaults). */
export function nodeFrom(
  body: FaqBody,
  id: string,
  stored: FaqNode | undefined,
  today: Date,
  order: number,
): FaqNode {
  const answer = body.answer === undefined ? stored?.answer : (body.answer ?? undefined);
  const field = body.field === undefined ? stored?.field : (body.field ?? undefined);
  const sourceUrl = body.sourceUrl === undefined ? stored?.sourceUrl : (body.sourceUrl ?? undefined);
  const keywords = body.keywords ?? stored?.keywords ?? { vi: [], en: [] };
  return {
    id,
    parent: body.parent,
    order: body.order ?? stored?.order ?? order,
    title: body.title,
    ...(answer && (answer.vi || answer.en) ? { answer } : {}),
    citations: body.citations.map(
      (c): Citation => ({
        law: c.law as Citation['law'],
        article: c.article,
        ...(c.clause ? { clause: c.clause } : {}),
      }),
    ),
    keywords: { vi: keywords.vi.filter(Boolean), en: keywords.en.filter(Boolean) },
    ...(field ? { field } : {}),
    ...(sourceUrl ? { sourceUrl } : {}),
    // Saving a node is reviewing it: the date is today unless the officer says otherwise.
    reviewed: body.reviewed ?? today.toISOString().slice(0, 10),
    reviewBy: body.reviewBy ?? monthsAfter(today),
  };
}

/** A new node's id: the parent's id and the Vietnamese title as a slug, made unique with a number. */
export function newNodeId(parent: string | null, titleVi: string, taken: ReadonlySet<string>): string {
  const words = slug(titleVi)
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  const base = [parent, words || 'cau-hoi'].filter(Boolean).join('.');
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  return id;
}
