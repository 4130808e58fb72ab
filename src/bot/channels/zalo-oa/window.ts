/**
 * The Zalo OA send rules as one pure decision, so the adapter and the broadcast engine agree on
 * "can I send to X now, and as what" before a message is attempted (docs/SOURCES.md, Zalo OA):
 * - a free reply: at most 8 within 48 h of the user's last message (the count resets when she writes);
 * - past that, within 7 days of her last interaction: a proactive message from the monthly quota;
 * - broadcasts outside the free window: a promotion under the per-follower caps (1 a day, 4 a month).
 */
import type { ZaloOaChatRow } from '../../../db/schema/zalo-oa.ts';

/** Free replies within the window (developers.zalo.me, tin tư vấn: 8 within 48 h). */
export const FREE_REPLIES = 8;
export const FREE_WINDOW_MS = 48 * 3600 * 1000;
/** Error 230: no interaction in the past 7 days, so no consultation message at all. */
export const INTERACTION_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** Zalo counts days and months in Viet Nam time: the counters reset on the 1st there. */
export const ZALO_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The configurable limits (ZALO_OA_PROACTIVE_QUOTA, ZALO_OA_PROMOTION_PER_DAY/_PER_MONTH). */
export interface SendLimits {
  proactivePerMonth: number;
  promotionPerDay: number;
  promotionPerMonth: number;
}

export const DEFAULT_LIMITS: SendLimits = {
  proactivePerMonth: 1000,
  promotionPerDay: 1,
  promotionPerMonth: 4,
};

export type SendKind = 'reply' | 'broadcast';
export type SendAs = 'free_reply' | 'proactive' | 'promotion';
export type NotSendable =
  | 'gone'
  | 'no_interaction'
  | 'outside_7_days'
  | 'proactive_quota_exhausted'
  | 'promotion_daily_cap'
  | 'promotion_monthly_cap';
/** The answer the broadcast engine reads: how to send, or why not now. */
export type SendDecision = { ok: true; as: SendAs } | { ok: false; reason: NotSendable };

/** Day (YYYY-MM-DD) and month (YYYY-MM) of an instant in Viet Nam time. */
export function zaloDay(now: Date): { day: string; month: string } {
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZALO_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return { day, month: day.slice(0, 7) };
}

/** Promotions already sent to this follower today and this month (stale counters read as 0). */
export function promotionsSent(row: ZaloOaChatRow | undefined, now: Date): { day: number; month: number } {
  const { day, month } = zaloDay(now);
  return {
    day: row?.promoDay === day ? row.promoDayCount : 0,
    month: row?.promoMonth === month ? row.promoMonthCount : 0,
  };
}

/** Decides how a message to one chat may go out now; pure (the caller reads the row and the quota). */
export function decideSend(
  row: ZaloOaChatRow | undefined,
  proactiveUsed: number,
  now: Date,
  kind: SendKind,
  limits: SendLimits,
): SendDecision {
  if (row?.goneAt) return { ok: false, reason: 'gone' };
  const since = row?.lastUserAt ? now.getTime() - row.lastUserAt.getTime() : Number.POSITIVE_INFINITY;
  if (since <= FREE_WINDOW_MS && (row?.repliesSince ?? 0) < FREE_REPLIES)
    return { ok: true, as: 'free_reply' };
  if (kind === 'broadcast') {
    const sent = promotionsSent(row, now);
    if (sent.day >= limits.promotionPerDay) return { ok: false, reason: 'promotion_daily_cap' };
    if (sent.month >= limits.promotionPerMonth) return { ok: false, reason: 'promotion_monthly_cap' };
    return { ok: true, as: 'promotion' };
  }
  if (!row?.lastUserAt) return { ok: false, reason: 'no_interaction' };
  if (since > INTERACTION_WINDOW_MS) return { ok: false, reason: 'outside_7_days' };
  if (proactiveUsed >= limits.proactivePerMonth) return { ok: false, reason: 'proactive_quota_exhausted' };
  return { ok: true, as: 'proactive' };
}
