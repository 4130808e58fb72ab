/**
 * What the channel adapters share beyond the ChannelAdapter interface: the clock, error logging
 * without text or ids, turns in flight waited for on stop, the database claim of an update,
 * unsubscribing a recipient who is gone, and one conversation turn with its metrics.
 */
import { claimUpdate, getSession } from '../../db/queries/conversation.ts';
import { pauseChannel } from '../broadcast/rate-limit.ts';
import { handleInbound } from '../handle-inbound.ts';
import { markRecipientGone } from '../recipient-gone.ts';
import type { ChannelName, Inbound, TurnResult } from '../types.ts';
import type { ParsedUpdate } from './bot-webhook.ts';
import { ChannelRejectedError, RecipientGoneError } from './errors.ts';
import type { ChannelContext, SendCheck } from './types.ts';

/** Base of every adapter, so each platform writes only what its rules make different. */
export abstract class AdapterBase {
  abstract readonly name: ChannelName;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(protected readonly ctx: ChannelContext) {}

  /** Channels without per-recipient rules (all but Zalo OA) let every chat get a broadcast. */
  async checkBroadcast(_chatId: string): Promise<SendCheck> {
    return { ok: true };
  }

  protected now(): Date {
    return this.ctx.bot.now?.() ?? new Date();
  }

  /**
   * A 429 met by a reply or any other call pauses the bot's broadcasts too, in every replica (the
   * platform's limit is per bot): residents' answers go first, broadcasts wait for retry_after.
   */
  protected readonly pauseBroadcasts = (seconds: number): void => {
    pauseChannel(this.ctx.bot.database.db, this.name, seconds).catch((err: Error) =>
      this.warn(err, 'pause broadcasts'),
    );
  };

  /** Logs a failed platform call by its error class and code only. */
  protected warn(err: Error, what: string): void {
    const code = err instanceof ChannelRejectedError ? err.code : undefined;
    this.ctx.log.warn(
      { channel: this.name, call: what, err: { type: err.name, code } },
      `${this.name} call failed`,
    );
  }

  /** Keeps p until it settles, so stop() can wait for the turns in progress. */
  protected track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    return p.finally(() => this.inFlight.delete(p));
  }

  /** Waits for every tracked turn to settle. */
  protected async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** Handles one polled update like a webhook one; a malformed update or a failure is logged only. */
  protected async takePolled<E>(
    parsed: ParsedUpdate<E>,
    process: (event: E) => Promise<void>,
  ): Promise<void> {
    if (!parsed.ok) {
      this.ctx.log.warn({ channel: this.name }, 'malformed update skipped');
      return;
    }
    await this.track(process(parsed.event)).catch((err: Error) => this.warn(err, 'update'));
  }

  /** Claims an update id in the database; false (and counted) when another delivery had it. */
  protected async claim(key: string, now = this.now()): Promise<boolean> {
    const fresh = await claimUpdate(this.ctx.bot.database.db, this.name, key, now);
    if (!fresh) this.ctx.metrics.updatesDuplicate.inc({ channel: this.name });
    return fresh;
  }

  /** Unsubscribes a recipient who blocked the bot or left (Zalo OA forgets its window counters too). */
  protected async markGone(chatId: string, now = this.now()): Promise<void> {
    await markRecipientGone(this.ctx.bot.database, this.name, chatId, now);
  }

  /** markGone when err says the recipient blocked the bot or left. */
  protected async unsubscribeIfGone(err: unknown, chatId: string, now = this.now()): Promise<void> {
    if (err instanceof RecipientGoneError) await this.markGone(chatId, now);
  }

  /** A tapped button whose id was hashed to fit the platform: the id again, or the main menu. */
  protected async resolveAction(
    inbound: Inbound,
    resolve: (action: string, shown?: readonly string[]) => string | undefined,
  ): Promise<Inbound> {
    if (inbound.kind !== 'action' || !inbound.action.startsWith('h:')) return inbound;
    const session = await getSession(this.ctx.bot.database.db, {
      channel: this.name,
      chatId: inbound.chatId,
    });
    return { ...inbound, action: resolve(inbound.action, session?.lastButtons) ?? 'menu:home' };
  }

  /** Runs one turn under the update's id; undefined (and counted) when it was handled before. */
  protected async turnOnce(inbound: Inbound, updateId: string): Promise<TurnResult | undefined> {
    const outcome = await handleInbound(this.ctx.bot, inbound, { updateId });
    if (outcome.duplicate) {
      this.ctx.metrics.updatesDuplicate.inc({ channel: this.name });
      return undefined;
    }
    this.ctx.metrics.updatesHandled.inc({ channel: this.name });
    return outcome.result;
  }
}
