import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderZaloBot, ZALO_BOT_MAX_TEXT } from '../../src/bot/channels/zalo-bot/render.ts';
import type { Reply } from '../../src/bot/types.ts';

const menu: Reply = {
  text: 'Bạn cần gì?',
  buttons: [
    { id: 'menu:faq', label: 'Hỏi về pháp luật' },
    { id: 'menu:directory', label: 'Tìm nơi hỗ trợ' },
    { id: 'menu:home', label: 'Về đầu' },
  ],
};

describe('renderZaloBot', () => {
  it('turns buttons into a numbered list in their order, after the text', () => {
    expect(renderZaloBot('c1', [menu])).toEqual([
      { chat_id: 'c1', text: 'Bạn cần gì?\n\n1. Hỏi về pháp luật\n2. Tìm nơi hỗ trợ\n3. Về đầu' },
    ]);
  });

  it('numbers only the last reply with buttons, the one a typed number refers to', () => {
    const first: Reply = { text: 'Trước', buttons: [{ id: 'x', label: 'Không đánh số' }] };
    const sent = renderZaloBot('c1', [first, menu, { text: 'Sau' }]).map((m) => m.text);
    expect(sent[0]).toBe('Trước');
    expect(sent[1]).toContain('1. Hỏi về pháp luật');
    expect(sent[2]).toBe('Sau');
  });

  it('writes phone numbers the text does not show, and http(s) links, inline', () => {
    const reply: Reply = {
      text: 'Gọi 113 ngay.',
      phones: [
        { number: '113', label: 'Công an' },
        { number: '111', label: 'Tổng đài trẻ em' },
      ],
      links: [
        { url: 'https://hoaban.example.org/a', label: 'Xem thêm' },
        { url: 'javascript:alert(1)', label: 'Không' },
      ],
    };
    const [msg] = renderZaloBot('c1', [reply]);
    expect(msg?.text).toBe('Gọi 113 ngay.\n\nTổng đài trẻ em: 111\nXem thêm: https://hoaban.example.org/a');
  });

  it('splits a long text at paragraph boundaries into parts of at most 2000 characters', () => {
    const paragraph = 'Điều 139 Bộ luật Lao động. '.repeat(30).trim();
    const text = Array.from({ length: 6 }, () => paragraph).join('\n\n');
    const sent = renderZaloBot('c1', [{ ...menu, text }]);
    expect(sent.length).toBeGreaterThan(1);
    for (const m of sent) expect(m.text.length).toBeLessThanOrEqual(ZALO_BOT_MAX_TEXT);
    expect(sent.every((m) => m.text.startsWith('Điều 139'))).toBe(true);
    expect(sent.at(-1)?.text).toMatch(/1\. Hỏi về pháp luật\n2\. Tìm nơi hỗ trợ\n3\. Về đầu$/);
  });

  it('never builds a message the platform would refuse (1-2000 characters)', () => {
    const reply = fc.record({
      text: fc.string({ maxLength: 5000 }),
      buttons: fc.option(
        fc.array(fc.record({ id: fc.string(), label: fc.string({ maxLength: 60 }) }), { maxLength: 12 }),
        {
          nil: undefined,
        },
      ),
    });
    fc.assert(
      fc.property(fc.array(reply, { maxLength: 4 }), (replies) => {
        for (const m of renderZaloBot('c1', replies)) {
          expect(m.text.length).toBeGreaterThanOrEqual(1);
          expect(m.text.length).toBeLessThanOrEqual(ZALO_BOT_MAX_TEXT);
        }
      }),
    );
  });
});
