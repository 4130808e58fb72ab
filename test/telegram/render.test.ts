import { describe, expect, it } from 'vitest';
import {
  callbackData,
  MAX_BUTTONS,
  MAX_BUTTONS_PER_ROW,
  MAX_CALLBACK_BYTES,
  renderTelegram,
  resolveCallback,
  TELEGRAM_MAX_TEXT,
} from '../../src/bot/channels/telegram/render.ts';
import type { Button } from '../../src/bot/types.ts';

const buttons = (n: number, label = 'Nút'): Button[] =>
  Array.from({ length: n }, (_, i) => ({ id: `faq:n${i}`, label: `${label} ${i}` }));

describe('renderTelegram', () => {
  it('sends plain text with an inline keyboard, link previews off', () => {
    const [msg] = renderTelegram('42', [
      { text: 'Xin chào', buttons: [{ id: 'menu:home', label: 'Menu chính' }] },
    ]);
    expect(msg).toEqual({
      chat_id: '42',
      text: 'Xin chào',
      link_preview_options: { is_disabled: true },
      reply_markup: { inline_keyboard: [[{ text: 'Menu chính', callback_data: 'menu:home' }]] },
    });
    expect(msg).not.toHaveProperty('parse_mode');
  });

  it('splits text over 4096 characters on paragraphs and keeps the keyboard on the last part', () => {
    const para = `${'Điều khoản '.repeat(300)}\n\n`;
    const msgs = renderTelegram('42', [{ text: para.repeat(3), buttons: buttons(1) }]);
    expect(msgs.length).toBeGreaterThan(1);
    for (const m of msgs) expect(m.text.length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(msgs.slice(0, -1).every((m) => !m.reply_markup)).toBe(true);
    expect(msgs.at(-1)?.reply_markup).toBeDefined();
  });

  it.each([1, 7, 8, 9, 30, 100, 101, 150])('keeps %i buttons within 8 a row and 100 in all', (n) => {
    const [msg] = renderTelegram('42', [{ text: 'x', buttons: buttons(n, 'A') }]);
    const rows = msg?.reply_markup?.inline_keyboard ?? [];
    expect(rows.every((r) => r.length <= MAX_BUTTONS_PER_ROW)).toBe(true);
    expect(rows.flat().length).toBe(Math.min(n, MAX_BUTTONS));
    // The last button (the way home) survives a cut.
    expect(rows.flat().at(-1)).toMatchObject({ callback_data: `faq:n${n - 1}` });
  });

  it('gives long labels a row each', () => {
    const [msg] = renderTelegram('42', [
      { text: 'x', buttons: buttons(3, 'Một nhãn khá dài cho một nút bấm') },
    ]);
    expect(msg?.reply_markup?.inline_keyboard.map((r) => r.length)).toEqual([1, 1, 1]);
  });

  it('turns http(s) links into URL buttons and drops other schemes', () => {
    const [msg] = renderTelegram('42', [
      {
        text: 'x',
        links: [
          { url: 'https://example.org', label: 'Web' },
          { url: 'javascript:alert(1)', label: 'Bad' },
        ],
      },
    ]);
    expect(msg?.reply_markup?.inline_keyboard).toEqual([[{ text: 'Web', url: 'https://example.org' }]]);
  });
});

describe('callback_data', () => {
  const long = `unit:${'Chiềng Lao Mường Bú '.repeat(4)}`;
  it('uses the id itself when it fits in 64 bytes', () => {
    expect(callbackData('unit:Chiềng Lao')).toBe('unit:Chiềng Lao');
    expect(resolveCallback('unit:Chiềng Lao')).toBe('unit:Chiềng Lao');
  });

  it('hashes a long Vietnamese id and resolves it back from the ids the chat was shown', () => {
    expect(Buffer.byteLength(long)).toBeGreaterThan(MAX_CALLBACK_BYTES);
    const data = callbackData(long);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
    expect(data.startsWith('h:')).toBe(true);
    expect(resolveCallback(data, ['menu:home', long])).toBe(long);
    expect(resolveCallback(data, ['menu:home'])).toBeUndefined();
    const [msg] = renderTelegram('1', [{ text: 'x', buttons: [{ id: long, label: 'L' }] }]);
    expect(msg?.reply_markup?.inline_keyboard[0]?.[0]).toEqual({ text: 'L', callback_data: data });
  });

  it('never passes an id that looks like a hash through unhashed', () => {
    expect(callbackData('h:abc')).not.toBe('h:abc');
  });
});
