/**
 * Citations in words ("Căn cứ: Điều 139 Bộ luật Lao động 2019"), so residents see which law an answer
 * rests on without having to decode law codes.
 */
import type { Citation } from '../../content/types.ts';
import type { Turn } from './context.ts';

/** One citation in the turn's language, e.g. "Khoản 2 Điều 13 Luật Bình đẳng giới 2006". */
export function citationWords(turn: Turn, citation: Citation): string {
  const law = turn.t(`law.${citation.law}`);
  const vars = { article: citation.article, clause: citation.clause, law };
  return turn.t(citation.clause ? 'cite.clause' : 'cite.article', vars);
}

/** The "Căn cứ: ..." line under an answer, or an empty string when the node cites nothing. */
export function citationLine(turn: Turn, citations: readonly Citation[]): string {
  if (citations.length === 0) return '';
  const list = citations.map((c) => citationWords(turn, c)).join('; ');
  return turn.t('cite.prefix', { list });
}
