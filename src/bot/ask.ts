/**
 * "What the bot would answer": runs the conversation core on a text without touching any chat's
 * data. Shared by `hoaban ask` and GET /api/v1/faq/search so both print the same object.
 */
import type { ContentIndex, Locale } from '../content/types.ts';
import type { I18n } from '../i18n.ts';
import { handleTurn } from './conversation/index.ts';
import type { AnswerRef, Intent, Reply, SessionState } from './types.ts';

export interface AskResult {
  text: string;
  intent: Intent;
  answers: AnswerRef[];
  reply: string;
}

/** A reply as a text-only channel shows it: buttons become a numbered list the user answers with. */
function replyText(r: Reply): string {
  const buttons = (r.buttons ?? []).map((b, i) => `${i + 1}. ${b.label}`);
  return buttons.length > 0 ? `${r.text}\n${buttons.join('\n')}` : r.text;
}

export interface AskDeps {
  content: ContentIndex;
  i18n: I18n;
  officerContact?: string;
}

/** Answers one text; pass the returned session back in to continue a conversation (stdin mode). */
export function ask(
  deps: AskDeps,
  text: string,
  opts: { locale: Locale; session?: SessionState | null; now?: Date; limit?: number },
): { result: AskResult; session: SessionState | null } {
  const session = opts.session ?? { locale: opts.locale };
  const turn = handleTurn(
    {
      content: deps.content,
      i18n: deps.i18n,
      now: opts.now ?? new Date(),
      officerContact: deps.officerContact,
    },
    { session, subscriber: null },
    { channel: 'webchat', chatId: 'ask', kind: 'text', text },
  );
  return {
    result: {
      text,
      intent: turn.intent,
      answers: turn.answers.slice(0, Math.min(opts.limit ?? 5, 5)),
      reply: turn.replies.map(replyText).join('\n\n'),
    },
    session: turn.session,
  };
}
