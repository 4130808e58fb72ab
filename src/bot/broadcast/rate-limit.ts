/**
 * Per-channel rate limits shared by every replica (the platforms limit the bot, not the process):
 * a GCRA in PostgreSQL. Each permit reserves the next free slot of the channel's row atomically and
 * the caller sleeps until it; a platform pause (429 retry_after) is stored on the same row, so every
 * replica, and a restarted one, honours it. Times are the database's clock.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channelLimits } from '../../db/schema/broadcasts.ts';
import { ChannelThrottledError } from '../channels/errors.ts';
import type { SendGate } from '../channels/types.ts';

/**
 * Slack added to each second's budget so that timer and network jitter between replicas never puts
 * rate + 1 arrivals into one second at the platform: slots are (1000 + 50) / rate ms apart.
 */
export const JITTER_ALLOWANCE_MS = 50;
/**
 * A slot woken up later than this (a busy event loop, a slow query) is given up and a new one taken:
 * sending late could put rate + 1 messages into one second together with the next replica's slots.
 */
export const MAX_LATENESS_MS = 20;
/** Slots given up in a row before a sender goes anyway (a machine that is slow all the time). */
const MAX_LATE_SLOTS = 20;
/** Longest a sender waits in-process for a pause to end; past it the row goes back to the queue. */
export const MAX_GATE_WAIT_MS = 10_000;

type Rows = { rows: Array<Record<string, unknown>> };

/** Milliseconds between two sends at this rate (messages a second). */
export function slotInterval(rate: number): number {
  return (1000 + JITTER_ALLOWANCE_MS) / rate;
}

/** Milliseconds the channel is still paused (0 when it is not). */
export async function pausedFor(db: Db, channel: string): Promise<number> {
  const res = await db.execute(sql`
    select greatest(0, extract(epoch from (paused_until - clock_timestamp())) * 1000)::float8 as ms
    from ${channelLimits} where key = ${channel}`);
  return Number((res as unknown as Rows).rows[0]?.ms ?? 0);
}

/** Pauses the channel (all its keys) for `seconds` from now; a longer pause already stored wins. */
export async function pauseChannel(db: Db, channel: string, seconds: number): Promise<void> {
  await db.execute(sql`
    insert into ${channelLimits} (key, next_at, paused_until)
    values (${channel}, clock_timestamp(), clock_timestamp() + make_interval(secs => ${seconds}))
    on conflict (key) do update set paused_until = greatest(
      coalesce(${channelLimits.pausedUntil}, excluded.paused_until), excluded.paused_until)`);
}

/**
 * Reserves the next slot of `key` at `rate` a second, after the channel's pause if any, unless the
 * pause lasts longer than maxWaitMs; one statement. Resolves with how many ms from now the slot is,
 * or undefined (nothing reserved) with the pause left.
 */
export async function reserveSlot(
  db: Db,
  key: string,
  channel: string,
  rate: number,
  maxWaitMs = Number.POSITIVE_INFINITY,
): Promise<{ waitMs?: number; pausedMs: number }> {
  const step = slotInterval(rate) / 1000;
  const maxWait = Number.isFinite(maxWaitMs) ? maxWaitMs / 1000 : 1e9;
  const res = await db.execute(sql`
    with pause as (
      select coalesce((select paused_until from ${channelLimits} where key = ${channel}), '-infinity') as until),
    slot as (
      insert into ${channelLimits} (key, next_at)
      select ${key}, greatest(clock_timestamp(), pause.until) + make_interval(secs => ${step}) from pause
      where pause.until <= clock_timestamp() + make_interval(secs => ${maxWait})
      on conflict (key) do update set next_at = greatest(
        ${channelLimits.nextAt}, clock_timestamp(), (select until from pause)) + make_interval(secs => ${step})
      returning next_at)
    select
      (select extract(epoch from (next_at - make_interval(secs => ${step}) - clock_timestamp())) * 1000
        from slot)::float8 as wait_ms,
      (extract(epoch from (greatest((select until from pause), clock_timestamp()) - clock_timestamp())) * 1000)::float8 as paused_ms`);
  const row = (res as unknown as Rows).rows[0] ?? {};
  const pausedMs = Number.isFinite(Number(row.paused_ms)) ? Number(row.paused_ms) : 0;
  return row.wait_ms == null ? { pausedMs } : { waitMs: Math.max(0, Number(row.wait_ms)), pausedMs };
}

/** The gate a channel's sendBroadcast uses: one permit per API call, pauses shared. */
export function sharedGate(
  db: Db,
  opts: { channel: string; key?: string; rate: number; signal?: AbortSignal },
): SendGate {
  const { channel, rate, signal } = opts;
  const key = opts.key ?? channel;
  return {
    async acquire() {
      for (let late = 0; ; late++) {
        // The slot in local time, taken as of before the query: lateness is never underestimated.
        const asked = performance.now();
        const { waitMs, pausedMs } = await reserveSlot(db, key, channel, rate, MAX_GATE_WAIT_MS);
        if (waitMs === undefined || waitMs > MAX_GATE_WAIT_MS)
          throw new ChannelThrottledError(Math.ceil(Math.max(pausedMs, waitMs ?? 0) / 1000));
        const slot = asked + waitMs;
        const wait = slot - performance.now();
        if (wait > 0) await sleep(wait, undefined, { signal });
        // A pause recorded by another replica while this one slept voids the slot: wait again.
        if (waitMs > 0 && (await pausedFor(db, channel)) > 0) continue;
        if (performance.now() - slot <= MAX_LATENESS_MS || late >= MAX_LATE_SLOTS) return;
      }
    },
    pause: (seconds) => pauseChannel(db, channel, seconds),
  };
}
