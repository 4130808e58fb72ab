/** Anonymous statistics events and unanswered questions (no chat id in either). */
import { eq, lt } from 'drizzle-orm';
import { maskPersonal } from '../../content/personal.ts';
import type { Db } from '../client.ts';
import { statEvents, unansweredQuestions } from '../schema/stats.ts';

export interface StatEvent {
  day: string;
  channel: string;
  unit: string | null;
  kind: string;
  faqNode: string | null;
  /** Referrals: the kinds of place listed; null for other kinds. */
  detail?: string | null;
}

/** Records anonymous events. */
export async function recordStats(db: Db, events: StatEvent[]) {
  if (events.length > 0) await db.insert(statEvents).values(events);
}

/**
 * Keeps a question the FAQ could not answer, names and numbers masked here whatever the caller did,
 * under the chat's commune/ward and a keyed reference of the chat (./chat-ref.ts), never its id.
 */
export async function recordUnanswered(
  db: Db,
  p: { text: string; locale: string; now: Date; unit?: string | null; chatRef?: string | null },
) {
  await db.insert(unansweredQuestions).values({
    text: maskPersonal(p.text).trim().slice(0, 500),
    locale: p.locale,
    createdAt: p.now,
    unit: p.unit ?? null,
    chatRef: p.chatRef ?? null,
  });
}

/** Removes the questions a chat asked (its "delete my data"); returns how many there were. */
export async function deleteUnansweredOf(db: Db, chatRef: string): Promise<number> {
  const gone = await db
    .delete(unansweredQuestions)
    .where(eq(unansweredQuestions.chatRef, chatRef))
    .returning({ id: unansweredQuestions.id });
  return gone.length;
}

/** Deletes unanswered questions past their 30-day retention. */
export async function purgeUnanswered(db: Db, before: Date) {
  await db.delete(unansweredQuestions).where(lt(unansweredQuestions.createdAt, before));
}
