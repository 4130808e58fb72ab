/**
 * Telegram updates for the benchmarks: each with its own update_id, from a pool of a few hundred
 * private chats, mixing residents' questions (the FAQ development set) with menu presses, so every
 * request does a real turn (no duplicate short-cut).
 */
import { DEVSET } from '../../test/content/devset.ts';

/** Menu buttons a resident presses (not subscribe or delete, which change the chat for good). */
const PRESSES = ['menu:home', 'menu:faq', 'menu:directory'];
/** Chat ids start here, far from any real Telegram user id used in tests. */
const CHAT_BASE = 5_000_000;

/** Makes updates in order; `chats` private chats take turns, one in `pressEvery` is a menu press. */
export class UpdateSource {
  private n = 0;

  constructor(
    readonly chats = 300,
    private nextUpdateId = 1,
    private readonly pressEvery = 4,
  ) {}

  /** The chat id the next update will come from. */
  peekChat(): number {
    return CHAT_BASE + (this.n % this.chats);
  }

  /** The next update as an object. */
  next(): { update_id: number; chatId: number; body: object } {
    const i = this.n++;
    const chatId = CHAT_BASE + (i % this.chats);
    const update_id = this.nextUpdateId++;
    const chat = { id: chatId, type: 'private' };
    const from = { id: chatId, is_bot: false, first_name: 'B' };
    if (i % this.pressEvery === this.pressEvery - 1) {
      const data = PRESSES[i % PRESSES.length] as string;
      const message = { message_id: 1, date: 1767225600, chat, text: '…' };
      return {
        update_id,
        chatId,
        body: {
          update_id,
          callback_query: { id: `cb${update_id}`, from, chat_instance: '1', data, message },
        },
      };
    }
    const q = DEVSET[i % DEVSET.length];
    const message = { message_id: update_id, date: 1767225600, chat, from, text: q?.q ?? 'bạo lực gia đình' };
    return { update_id, chatId, body: { update_id, message } };
  }

  /** The next update as the JSON a request carries. */
  nextJson(): string {
    return JSON.stringify(this.next().body);
  }
}
