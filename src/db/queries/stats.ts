/** Anonymous statistics events and unanswered questions (no chat id in either). */
import { lt } from 'drizzle-orm';
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

/** Keeps a question the FAQ could not answer, without any chat id. */
export async function recordUnanswered(db: Db, p: { text: string; locale: string; now: Date }) {
  await db
    .insert(unansweredQuestions)
    .values({ text: p.text.slice(0, 500), locale: p.locale, createdAt: p.now });
}

/** Deletes unanswered questions past their 30-day retention. */
export async function purgeUnanswered(db: Db, before: Date) {
  await db.delete(unansweredQuestions).where(lt(unansweredQuestions.createdAt, before));
}
