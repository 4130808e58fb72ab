/**
 * A one-process SendGate for channel tests: acquire() waits out any pause and spaces calls at a
 * rate, pause() records the seconds asked for, so a test sees what the adapter told the engine.
 * (The real gate, shared by replicas, is the broadcast engine's.)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SendGate } from '../../src/bot/channels/types.ts';

/** A SendGate with counters for assertions. */
export class TestGate implements SendGate {
  acquired = 0;
  readonly pauses: number[] = [];
  private pausedUntil = 0;
  private nextSlot = 0;

  constructor(private readonly perSecond = 1000) {}

  async acquire(): Promise<void> {
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) await sleep(wait);
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.perSecond;
    if (slot > now) await sleep(slot - now);
    this.acquired++;
  }

  async pause(seconds: number): Promise<void> {
    this.pauses.push(seconds);
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + seconds * 1000 + 100);
  }
}
