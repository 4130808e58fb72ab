/**
 * The delivery worker every replica runs: fire due broadcasts (expand their audience, claimed once by
 * the status change) -> lease a batch (SKIP LOCKED) -> for each row: ask the channel whether and how it
 * may be sent, wait for the shared rate limit, mark it "sending", send, record the outcome. A row
 * whose broadcast was cancelled is never marked sending, so nothing goes out after a cancel.
 * (mailroom core/tasks/send_broadcast*: small named steps.)
 */
import { randomUUID } from 'node:crypto';
import type { Metrics } from '../../api/metrics.ts';
import type { Config } from '../../config.ts';
import type { ContentIndex } from '../../content/types.ts';
import type { Database } from '../../db/client.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import {
  dueBroadcasts,
  expandBroadcast,
  finishIfDone,
  heartbeat,
  type LeasedDelivery,
  leaseBatch,
  markSending,
  queueDepth,
  releaseLeases,
  resolveOrphans,
  retireWorker,
  sendingBroadcasts,
  settle,
} from '../../db/queries/deliveries.ts';
import type { BroadcastRow } from '../../db/schema/broadcasts.ts';
import type { ChannelAdapter, SendGate } from '../channels/types.ts';
import { audienceCondition, resolveAudience } from './audience.ts';
import { outcomeOf } from './outcome.ts';
import { isQuiet } from './quiet-hours.ts';
import { sharedGate } from './rate-limit.ts';

/** Tunables; the defaults suit a province's few tens of thousands of subscribers. */
export interface WorkerOptions {
  /** Sends in flight at once in this replica (the bound on "unknown" after a crash). */
  concurrency: number;
  batchSize: number;
  leaseMs: number;
  pollMs: number;
  heartbeatMs: number;
  /** A worker silent this long is dead: its "sending" rows become unknown, its leases are freed. */
  orphanTimeoutMs: number;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  concurrency: 8,
  batchSize: 100,
  leaseMs: 60_000,
  pollMs: 1000,
  heartbeatMs: 5000,
  orphanTimeoutMs: 30_000,
};

export interface WorkerDeps {
  database: Database;
  channels: ChannelAdapter[];
  content: () => ContentIndex;
  config: Pick<
    Config,
    'timezone' | 'quietHours' | 'telegramRate' | 'telegramPaidRate' | 'zaloOa' | 'zaloBot'
  >;
  metrics: Metrics;
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
  now?: () => Date;
  options?: Partial<WorkerOptions>;
}

/** Sends per second allowed for a channel (and the limiter key: Telegram's paid mode has its own). */
export function channelRate(config: WorkerDeps['config'], channel: string, paid: boolean) {
  if (channel === 'telegram') {
    return paid
      ? { key: 'telegram:paid', rate: config.telegramPaidRate }
      : { key: 'telegram', rate: config.telegramRate };
  }
  if (channel === 'zalo-oa') return { key: channel, rate: config.zaloOa?.rate ?? 20 };
  if (channel === 'zalo-bot') return { key: channel, rate: config.zaloBot?.rate ?? 20 };
  return { key: channel, rate: 1000 };
}

export class BroadcastWorker {
  readonly id = randomUUID();
  private readonly opts: WorkerOptions;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private again = false;
  private stopping = false;
  /** Outcomes of sends made while the database was away, recorded at the next pass (never resent). */
  private readonly unsettled = new Map<number, { row: LeasedDelivery; o: Parameters<typeof settle>[3] }>();

  constructor(private readonly deps: WorkerDeps) {
    this.opts = { ...DEFAULT_WORKER_OPTIONS, ...deps.options };
  }

  private get db() {
    return this.deps.database.db;
  }

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  /** Announces this worker, resolves what a dead one left, and starts polling. */
  async start(): Promise<void> {
    await heartbeat(this.db, this.id);
    // PGlite is one process per data dir: anything left "sending" is from a process that is gone.
    await this.resolveOrphans(this.deps.database.kind === 'pglite' ? 0 : this.opts.orphanTimeoutMs);
    const beat = setInterval(() => {
      heartbeat(this.db, this.id)
        .then(() => this.resolveOrphans(this.opts.orphanTimeoutMs))
        .then(() => this.updateDepth())
        .catch((err: Error) => this.warn(err, 'heartbeat'));
    }, this.opts.heartbeatMs);
    const poll = setInterval(() => this.wake(), this.opts.pollMs);
    for (const t of [beat, poll]) t.unref();
    this.timers.push(beat, poll);
    this.wake();
  }

  /** Stops leasing, lets sends in flight finish and settle, and retires the worker. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    this.abort.abort();
    await this.running?.catch(() => {});
    // Still unrecorded: left "sending"; once this worker is retired they become unknown, never resent.
    await this.settleLeftovers().catch(() => {});
    await retireWorker(this.db, this.id).catch(() => {});
  }

  /** Runs a pass soon (after an officer sent or a campaign fired); passes never overlap. */
  wake(): void {
    if (this.stopping) return;
    this.drain().catch((err: Error) => this.warn(err, 'pass'));
  }

  /** Runs passes until there is nothing to do now; tests await it. */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        while (!this.stopping && (await this.pass()) > 0) {}
      } while (this.again && !this.stopping);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async resolveOrphans(timeoutMs: number) {
    const n = await resolveOrphans(this.db, timeoutMs);
    if (n > 0)
      this.deps.log.warn({ deliveries: n }, 'deliveries left sending by a lost worker marked unknown');
  }

  private async updateDepth() {
    const depth = await queueDepth(this.db);
    for (const c of this.deps.channels)
      this.deps.metrics.queueDepth.set({ channel: c.name }, depth[c.name] ?? 0);
  }

  /** One pass: expand due broadcasts, then one batch of each sending broadcast; returns rows handled. */
  private async pass(): Promise<number> {
    const { config } = this.deps;
    await this.settleLeftovers();
    if (isQuiet(this.now(), config.timezone, config.quietHours)) return 0;
    for (const id of await dueBroadcasts(this.db, this.now())) await this.expand(id);
    let handled = 0;
    for (const b of await sendingBroadcasts(this.db)) {
      if (this.stopping) break;
      const rows = await leaseBatch(this.db, b.id, this.id, this.opts.leaseMs, this.opts.batchSize);
      if (rows.length === 0) {
        if (await finishIfDone(this.db, b.id, this.now()))
          await recordAudit(this.db, {
            actor: 'system',
            action: 'broadcast.done',
            target: `broadcast:${b.id}`,
            at: this.now(),
          });
        continue;
      }
      handled += rows.length;
      await this.sendBatch(b, rows);
    }
    return handled;
  }

  private async expand(id: number) {
    const total = await expandBroadcast(this.db, id, this.now(), (b) => {
      const resolved = resolveAudience(b.audience, this.deps.content());
      if (!resolved.ok) {
        this.deps.log.warn(
          { broadcast: id, field: resolved.field },
          'audience no longer valid: no recipients',
        );
        return undefined;
      }
      return audienceCondition(b.audience, resolved.units);
    });
    if (total !== undefined) this.deps.log.info({ broadcast: id, recipients: total }, 'broadcast expanded');
  }

  /** Sends a leased batch with `concurrency` sends in flight; rows not attempted are released. */
  private async sendBatch(b: BroadcastRow, rows: LeasedDelivery[]) {
    const queue = [...rows];
    const untouched = new Set(rows.map((r) => r.id));
    const runner = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        if (this.stopping || isQuiet(this.now(), this.deps.config.timezone, this.deps.config.quietHours))
          return;
        untouched.delete(row.id);
        await this.deliver(b, row).catch((err: Error) => {
          untouched.add(row.id);
          this.warn(err, 'deliver');
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, rows.length) }, runner));
    await releaseLeases(this.db, [...untouched], this.id);
  }

  /** One row: checks, a permit, "sending", the send, the outcome. */
  private async deliver(b: BroadcastRow, row: LeasedDelivery) {
    const skip = (reason: string) => this.settle(row, { status: 'skipped', reason });
    if (!row.chatId) return skip('deleted');
    if (!row.subscribed) return skip('unsubscribed');
    const adapter = this.deps.channels.find((c) => c.name === row.channel);
    if (!adapter) return skip('channel_off');
    const check = await adapter.checkBroadcast(row.chatId);
    if (!check.ok) return skip(check.reason);
    const { key, rate } = channelRate(this.deps.config, row.channel, b.paid);
    const gate = sharedGate(this.db, { channel: row.channel, key, rate, signal: this.abort.signal });
    try {
      await gate.acquire();
    } catch (err) {
      if (this.abort.signal.aborted) throw err;
      return this.settle(row, outcomeOf(err, row.attempts));
    }
    if (!(await markSending(this.db, row.id, this.id))) return;
    // The first permit is already held; later parts of the message take their own.
    let first = true;
    const held: SendGate = {
      acquire: () => {
        if (!first) return gate.acquire();
        first = false;
        return Promise.resolve();
      },
      pause: gate.pause,
    };
    const text = b.message[row.locale] ?? b.message.vi;
    let outcome: Parameters<typeof settle>[3];
    try {
      const sent = await adapter.sendBroadcast(row.chatId, { text, media: b.media ?? undefined }, held, {
        paid: b.paid,
      });
      outcome = { status: 'sent', sentAs: sent.as };
    } catch (err) {
      outcome = outcomeOf(err, row.attempts + 1);
    }
    // The row is "sending" and leased to this worker: if the database went away, keep the outcome and
    // record it at the next pass; otherwise the row would stay "sending" and the broadcast never end.
    await this.settle(row, outcome).catch((err: Error) => {
      this.unsettled.set(row.id, { row, o: outcome });
      this.warn(err, 'settle');
    });
  }

  /** Records the outcomes kept while the database was away; throws (and keeps them) if it still is. */
  private async settleLeftovers() {
    for (const [id, { row, o }] of this.unsettled) {
      await this.settle(row, o);
      this.unsettled.delete(id);
    }
  }

  private async settle(row: LeasedDelivery, o: Parameters<typeof settle>[3]) {
    await settle(this.db, row.id, this.id, o);
    if (o.status !== 'pending') this.deps.metrics.deliveries.inc({ channel: row.channel, status: o.status });
  }

  private warn(err: Error, what: string) {
    this.deps.log.warn({ worker: 'broadcast', what, err: { type: err.name } }, 'broadcast worker error');
  }
}
