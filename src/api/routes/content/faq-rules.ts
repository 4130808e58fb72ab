/**
 * The checks every FAQ edit passes before anything is written: the import's schema and content check
 * (law codes, phone numbers, parents, translations, review dates), plus the editor's own stricter
 * rules, since an officer types the text rather than a reviewed file.
 */
import { checkContent, VERIFIED_ARTICLES } from '../../../content/check.ts';
import type { ContentData } from '../../../content/index.ts';
import { describeIssues, faqNodeSchema } from '../../../content/schemas.ts';
import { type FaqNode, LAW_CODES, LOCALES } from '../../../content/types.ts';

/**
 * Longest answer per language: the content check warns above 750 characters, and a resident reads
 * the answer on a phone, so the editor refuses more.
 */
export const ANSWER_MAX = 750;
/** Longest title per language: titles are menu buttons (the longest shipped one has 88). */
export const TITLE_MAX = 120;
/** How long a review lasts when an officer does not say: the shipped content is reviewed yearly. */
export const REVIEW_MONTHS = 12;

/** What an edit would leave: the problems that block it, and what only asks the officer to look. */
export interface FaqVerdict {
  errors: string[];
  warnings: string[];
}

const about = (line: string, id: string) => line.startsWith(`faq ${id}:`) || line.startsWith(`faq ${id} `);

/** True when making `parent` the parent of `id` would put the node under itself. */
function makesCycle(faq: readonly FaqNode[], id: string, parent: string | null): boolean {
  const parentOf = new Map(faq.map((n) => [n.id, n.parent]));
  for (let p = parent, hops = 0; p !== null && hops <= faq.length; p = parentOf.get(p) ?? null, hops++) {
    if (p === id) return true;
  }
  return false;
}

/**
 * Checks `node` as it would replace (or join) the content in `before`: its own problems and any the
 * edit would cause elsewhere. Problems that were already there before the edit are not blamed on it.
 */
export function checkFaqEdit(before: ContentData, node: FaqNode, today: Date): FaqVerdict {
  const where = `faq ${node.id}`;
  const errors: string[] = [];
  for (const c of node.citations) {
    if (!(LAW_CODES as readonly string[]).includes(c.law))
      errors.push(`${where}: unknown law code "${c.law}"`);
  }
  if (errors.length) return { errors, warnings: [] };
  const parsed = faqNodeSchema.safeParse(node);
  if (!parsed.success) return { errors: [`${where}: ${describeIssues(parsed.error)}`], warnings: [] };
  for (const c of node.citations) {
    if (!VERIFIED_ARTICLES[c.law]?.includes(c.article)) {
      errors.push(`${where}: ${c.law} article ${c.article} is not in the verified list`);
    }
  }
  for (const l of LOCALES) {
    const answer = node.answer?.[l] ?? '';
    if (answer.length > ANSWER_MAX)
      errors.push(`${where}: answer.${l} has ${answer.length} characters, at most ${ANSWER_MAX}`);
    if (node.title[l].length > TITLE_MAX)
      errors.push(`${where}: title.${l} has ${node.title[l].length} characters, at most ${TITLE_MAX}`);
  }
  if (node.reviewed > node.reviewBy) errors.push(`${where}: reviewBy must not be before reviewed`);
  if (node.parent === node.id || makesCycle(before.faq, node.id, node.parent)) {
    errors.push(`${where}: parent "${node.parent}" is the node itself or one of its children`);
  }
  const after = { ...before, faq: [...before.faq.filter((n) => n.id !== node.id), node] };
  const was = new Set(checkContent(before, today).errors);
  const now = checkContent(after, today);
  errors.push(...now.errors.filter((e) => about(e, node.id) || !was.has(e)));
  // The editor refuses unverified articles above, so the check's warning about them is not repeated.
  const warnings = now.warnings.filter(
    (w) => about(w, node.id) && !w.endsWith('is not in the verified list'),
  );
  return { errors: [...new Set(errors)], warnings };
}

/** The date `months` after `today` (YYYY-MM-DD, UTC), for the default review date. */
export function monthsAfter(today: Date, months = REVIEW_MONTHS): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + months, today.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

/** Nodes whose review date has passed (the content check's rule: reviewBy before today is an error). */
export function overdueNodes(faq: readonly FaqNode[], today: Date): FaqNode[] {
  const day = today.toISOString().slice(0, 10);
  return faq.filter((n) => n.reviewBy < day).sort((a, b) => (a.reviewBy < b.reviewBy ? -1 : 1));
}
