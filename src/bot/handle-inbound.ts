/**
 * One turn for one inbound message, the way every channel runs it: claim the update id, load the
 * chat's state, run the pure conversation core, apply its effects and save the session, all in
 * one transaction so a crash leaves either the whole turn or none of it.
 */
import type { ContentIndex, Locale } from '../content/types.ts';
import type { Database, Db } from '../db/client.ts';
import { recordAudit } from '../db/queries/audit.ts';
import { chatRef, chatRefKey } from '../db/queries/chat-ref.ts';
import { claimUpdate, deleteSession, getSession, lockChat, saveSession } from '../db/queries/conversation.ts';
import { deleteUnansweredOf, recordStats, recordUnanswered, type StatEvent } from '../db/queries/stats.ts';
import {
  consumeOfficerCode,
  deleteSubscriber,
  getSubscriber,
  linkOfficer,
  subscribe,
  unsubscribe,
  updateSubscriber,
} from '../db/queries/subscribers.ts';
import type { I18n } from '../i18n.ts';
import type { HearLang } from './broadcast/audience.ts';
import { handleTurn } from './conversation/index.ts';
import type { Effect, Inbound, Reply, SubscriberView, TurnResult } from './types.ts';

export interface BotDeps {
  database: Database;
  /** The current content (rebuilt when officers edit it). */
  content: () => ContentIndex;
  i18n: I18n;
  timezone: string;
  officerContact?: string;
  /** QUICK_EXIT_WORD: switches a chat to a neutral topic until /start. */
  quickExitWord?: string;
  now?: () => Date;
}

export type InboundOutcome = { duplicate: true } | { duplicate: false; result: TurnResult };

/** The calendar day of an instant in the service's time zone, as YYYY-MM-DD. */
export function localDay(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Handles one inbound message; updateId (the platform's) makes re-deliveries harmless. */
export async function handleInbound(
  deps: BotDeps,
  inbound: Inbound,
  opts: { updateId?: string } = {},
): Promise<InboundOutcome> {
  const now = deps.now?.() ?? new Date();
  const key = { channel: inbound.channel, chatId: inbound.chatId };
  // Read (or made) before the turn's transaction, and only once per process.
  const refKey = await chatRefKey(deps.database.db);
  return deps.database.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    if (opts.updateId !== undefined && !(await claimUpdate(db, inbound.channel, opts.updateId, now))) {
      return { duplicate: true } as const;
    }
    await lockChat(db, key);
    const session = await getSession(db, key);
    const row = await getSubscriber(db, key);
    const subscriber: SubscriberView | null = row
      ? {
          subscribed: row.subscribed,
          locale: row.locale as Locale,
          unit: row.unit,
          hearLang: row.hearLang as HearLang | null,
          officer: row.officer,
        }
      : null;
    const turn = handleTurn(
      {
        content: deps.content(),
        i18n: deps.i18n,
        now,
        officerContact: deps.officerContact,
        quickExitWord: deps.quickExitWord,
      },
      { session, subscriber },
      inbound,
    );
    const { deleted, replies } = await applyEffects(db, deps, inbound, turn.effects, { now, refKey });
    const result = withoutCodes({ ...turn, replies: replies ?? turn.replies });
    if (deleted) {
      // delete_data already removed the session and the subscriber.
    } else if (result.session) await saveSession(db, key, result.session, now);
    else await deleteSession(db, key);
    if (row && !deleted && !result.effects.some((e) => e.type !== 'stat' && e.type !== 'unanswered')) {
      await updateSubscriber(db, key, { now });
    }
    return { duplicate: false, result } as const;
  });
}

/** The result as callers see it: an officer code leaves the turn only as the reply it earned. */
function withoutCodes(result: TurnResult): TurnResult {
  const effects = result.effects.map((e) => (e.type === 'officer_link' ? { ...e, code: '' } : e));
  return { ...result, effects };
}

/**
 * Applies a turn's effects in order. deleted: the chat's data was deleted; replies: the replies to
 * send instead of the turn's (an officer code was valid).
 */
async function applyEffects(
  db: Db,
  deps: BotDeps,
  inbound: Inbound,
  effects: Effect[],
  { now, refKey }: { now: Date; refKey: Buffer },
): Promise<{ deleted: boolean; replies?: Reply[] }> {
  const key = { channel: inbound.channel, chatId: inbound.chatId };
  // The chat's keyed reference, made only for the effects that need it.
  const ref = () => chatRef(refKey, key);
  const stats: StatEvent[] = [];
  let deleted = false;
  let replies: Reply[] | undefined;
  for (const e of effects) {
    switch (e.type) {
      case 'subscribe':
        await subscribe(db, key, { locale: e.locale, unit: e.unit, now });
        break;
      case 'unsubscribe':
        await unsubscribe(db, key, now);
        break;
      case 'set_locale':
        await updateSubscriber(db, key, { locale: e.locale, now });
        break;
      case 'set_unit':
        await updateSubscriber(db, key, { unit: e.unit, now });
        break;
      case 'set_hear_lang':
        await updateSubscriber(db, key, { hearLang: e.hearLang, now });
        break;
      case 'officer_link': {
        // The code is hashed and compared, never stored or logged; a wrong one changes nothing.
        const createdBy = await consumeOfficerCode(db, e.code, now);
        if (createdBy === undefined) break;
        await linkOfficer(db, key, { locale: e.locale, now });
        await recordAudit(db, {
          actor: createdBy,
          action: 'officer_chat_linked',
          target: inbound.channel,
          at: now,
        });
        replies = e.linked;
        break;
      }
      case 'officer_unlink':
        await updateSubscriber(db, key, { officer: false, now });
        break;
      case 'delete_data':
        await deleteSubscriber(db, key);
        await deleteSession(db, key);
        await deleteUnansweredOf(db, ref());
        deleted = true;
        break;
      case 'stat':
        stats.push({
          day: localDay(now, deps.timezone),
          channel: inbound.channel,
          unit: e.unit ?? null,
          kind: e.kind,
          faqNode: e.faqNode ?? null,
          detail: e.detail ?? null,
        });
        break;
      case 'unanswered':
        await recordUnanswered(db, { text: e.text, locale: e.locale, unit: e.unit, chatRef: ref(), now });
        break;
    }
  }
  await recordStats(db, stats);
  return { deleted, replies };
}
