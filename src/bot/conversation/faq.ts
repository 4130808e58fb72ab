/**
 * Legal questions: the FAQ tree as menus (topic -> questions -> answer) and answers to questions
 * typed in the resident's own words, each with its legal basis in words.
 */
import type { FaqNode, Locale } from '../../content/types.ts';
import type { AnswerRef, Button, Reply } from '../types.ts';
import { citationLine } from './citations.ts';
import { button, homeButton, type Outcome, statUnit, type Turn } from './context.ts';
import { mainMenu } from './menus.ts';

/** The shape `hoaban ask --json` prints for each answer. */
export function answerRef(turn: Turn, node: FaqNode): AnswerRef {
  return { id: node.id, title: node.title[turn.locale], citations: node.citations };
}

function nodeText(turn: Turn, node: FaqNode, hasChildren: boolean): string {
  const parts = [node.title[turn.locale]];
  if (node.answer) parts.push(node.answer[turn.locale], citationLine(turn, node.citations));
  if (hasChildren) parts.push(turn.t('faq.choose'));
  return parts.filter(Boolean).join('\n\n');
}

function nodeButtons(turn: Turn, children: readonly FaqNode[]): Button[] {
  return children.map((c) => ({ id: `faq:${c.id}`, label: c.title[turn.locale] }));
}

/** The top-level topics. */
export function faqTop(turn: Turn): Outcome {
  const topics = turn.ctx.content.faq.children(null);
  const buttons = [...nodeButtons(turn, topics), homeButton(turn)];
  return {
    intent: 'faq',
    replies: [{ text: turn.t('faq.top'), buttons }],
    session: { ...turn.session, faqNode: null, awaiting: null },
  };
}

/** One node: a topic lists its questions, a leaf shows its answer; both offer back and home. */
export function faqNode(turn: Turn, id: string): Outcome {
  const node = turn.ctx.content.faq.get(id);
  if (!node) return mainMenu(turn);
  const children = turn.ctx.content.faq.children(node.id);
  const buttons = [...nodeButtons(turn, children), button(turn, 'faq:back', 'menu.back'), homeButton(turn)];
  return {
    intent: 'faq',
    replies: [{ text: nodeText(turn, node, children.length > 0), buttons }],
    session: { ...turn.session, faqNode: node.id, awaiting: null },
    effects: node.answer
      ? [{ type: 'stat', kind: 'faq_answer', unit: statUnit(turn), faqNode: node.id }]
      : [],
    answers: node.answer ? [answerRef(turn, node)] : [],
  };
}

/** Back one level from where the resident is (the parent of session.faqNode). */
export function faqBack(turn: Turn): Outcome {
  const current = turn.session.faqNode ? turn.ctx.content.faq.get(turn.session.faqNode) : undefined;
  return current?.parent ? faqNode(turn, current.parent) : faqTop(turn);
}

/** Vietnamese marks mean a Vietnamese question whatever the chat's language; answers still follow the chat. */
function searchOrder(locale: Locale, text: string): [Locale, Locale] {
  const first: Locale = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i.test(text)
    ? 'vi'
    : locale;
  return [first, first === 'vi' ? 'en' : 'vi'];
}

/**
 * A typed question: the best answer first, then up to three related questions as buttons.
 * Undefined when the search finds nothing good enough, so the caller can say so honestly.
 */
export function faqSearch(turn: Turn, text: string): Outcome | undefined {
  const { faq } = turn.ctx.content;
  const [lead, other] = searchOrder(turn.locale, text);
  const own = faq.search(text, lead, 5);
  const hits = own.length > 0 ? own : faq.search(text, other, 5);
  const best = hits[0]?.node;
  if (!best) return undefined;
  const children = turn.ctx.content.faq.children(best.id);
  const related = hits.slice(1, 4).map((h) => h.node);
  const tail = [button(turn, 'menu:faq', 'faq.more'), homeButton(turn)];
  const replies: Reply[] = [{ text: nodeText(turn, best, children.length > 0) }];
  const first = replies[0] as Reply;
  if (children.length > 0) first.buttons = [...nodeButtons(turn, children), ...tail];
  else if (related.length > 0)
    replies.push({ text: turn.t('faq.related'), buttons: [...nodeButtons(turn, related), ...tail] });
  else first.buttons = [button(turn, 'faq:back', 'menu.back'), ...tail];
  return {
    intent: 'faq',
    replies,
    session: { ...turn.session, faqNode: best.id, awaiting: null },
    effects: [{ type: 'stat', kind: 'faq_search', unit: statUnit(turn), faqNode: best.id }],
    answers: hits.slice(0, 5).map((h) => answerRef(turn, h.node)),
  };
}
