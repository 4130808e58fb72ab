/**
 * The Zalo OA forecast shown before a broadcast is sent: for the OA followers in the audience, how
 * many the platform's rules let us reach as a free reply, as a promotion, or not at all and why. It
 * asks the same pure decideSend the adapter and the engine use, read in batches so 10,000+ followers
 * never sit in memory at once. Nothing is counted or reserved: it is a forecast, not a promise.
 */
import { and, eq, gt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { proactiveUsed } from '../../db/queries/zalo-oa.ts';
import { subscribers } from '../../db/schema/subscribers.ts';
import { zaloOaChats } from '../../db/schema/zalo-oa.ts';
import { decideSend, type SendDecision, type SendLimits, zaloDay } from '../channels/zalo-oa/window.ts';

/** Followers read per query; keyset paging on the subscriber id keeps every batch equally cheap. */
export const FORECAST_BATCH = 1000;

export interface ZaloOaForecast {
  /** Within the 48-hour window with free replies left. */
  free: number;
  /** Outside the window, under the per-follower promotion caps (spends the OA's paid messages). */
  promotion: number;
  /** Not attempted, by reason (gone, promotion_daily_cap, promotion_monthly_cap…). */
  notReached: Record<string, number>;
}

/** Adds one decision to a forecast (pure; the unit tests drive it directly). */
export function tally(f: ZaloOaForecast, d: SendDecision): ZaloOaForecast {
  if (!d.ok) f.notReached[d.reason] = (f.notReached[d.reason] ?? 0) + 1;
  else if (d.as === 'free_reply') f.free += 1;
  else f.promotion += 1;
  return f;
}

/** Forecasts a broadcast to the Zalo OA subscribers matching condition (audienceCondition). */
export async function forecastZaloOa(
  db: Db,
  p: { condition: SQL; now: Date; limits: SendLimits; batchSize?: number },
): Promise<ZaloOaForecast> {
  const batch = p.batchSize ?? FORECAST_BATCH;
  const used = await proactiveUsed(db, zaloDay(p.now).month);
  const out: ZaloOaForecast = { free: 0, promotion: 0, notReached: {} };
  let after = 0;
  for (;;) {
    const rows = await db
      .select({ id: subscribers.id, chat: zaloOaChats })
      .from(subscribers)
      .leftJoin(zaloOaChats, eq(zaloOaChats.chatId, subscribers.chatId))
      .where(and(p.condition, eq(subscribers.channel, 'zalo-oa'), gt(subscribers.id, after)))
      .orderBy(subscribers.id)
      .limit(batch);
    for (const r of rows) tally(out, decideSend(r.chat ?? undefined, used, p.now, 'broadcast', p.limits));
    if (rows.length < batch) return out;
    after = rows[rows.length - 1]?.id as number;
  }
}
