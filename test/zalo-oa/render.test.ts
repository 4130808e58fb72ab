import { describe, expect, it } from 'vitest';
import {
  buttonPayload,
  messageBody,
  PAYLOAD_PREFIX,
  renderZaloOa,
  resolvePayload,
  ZALO_OA_MAX_BUTTONS,
  ZALO_OA_MAX_PAYLOAD,
  ZALO_OA_MAX_TEXT,
} from '../../src/bot/channels/zalo-oa/render.ts';
import { DEFAULT_LIMITS, decideSend, zaloDay } from '../../src/bot/channels/zalo-oa/window.ts';
import type { ZaloOaChatRow } from '../../src/db/schema/zalo-oa.ts';

const buttons = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `faq:${i}`, label: `Mục ${i + 1}` }));

describe('renderZaloOa', () => {
  it.each([
    ['plain text', [{ text: 'Xin chào' }], [{ text: 'Xin chào' }]],
    [
      'a menu that fits a template',
      [{ text: 'Chọn', buttons: buttons(2) }],
      [
        {
          text: 'Chọn',
          buttons: [
            { title: 'Mục 1', type: 'oa.query.hide', payload: '#hb:faq:0' },
            { title: 'Mục 2', type: 'oa.query.hide', payload: '#hb:faq:1' },
          ],
        },
      ],
    ],
    [
      'too many buttons: numbered',
      [{ text: 'Chọn', buttons: buttons(ZALO_OA_MAX_BUTTONS + 1) }],
      [
        {
          text: `Chọn\n\n${buttons(6)
            .map((b, i) => `${i + 1}. ${b.label}`)
            .join('\n')}`,
        },
      ],
    ],
    [
      'phones the text does not show',
      [{ text: 'Gọi', phones: [{ number: '113', label: 'Công an' }] }],
      [{ text: 'Gọi\n\nCông an: 113' }],
    ],
    [
      'links that are not web links are dropped',
      [{ text: 'Xem', links: [{ url: 'javascript:x', label: 'x' }] }],
      [{ text: 'Xem' }],
    ],
  ])('%s', (_name, replies, expected) => {
    expect(renderZaloOa(replies)).toEqual(expected);
  });

  it('numbers the menu when templates are off and only the last menu of a turn', () => {
    const out = renderZaloOa(
      [
        { text: 'A', buttons: buttons(1) },
        { text: 'B', buttons: buttons(2) },
      ],
      { templates: false },
    );
    expect(out).toEqual([{ text: 'A' }, { text: 'B\n\n1. Mục 1\n2. Mục 2' }]);
  });

  it('splits long text within the limit, the template on the last part', () => {
    const long = `${'Đoạn văn dài. '.repeat(200)}\n\n${'Đoạn thứ hai. '.repeat(100)}`;
    const out = renderZaloOa([{ text: long, buttons: buttons(1) }]);
    expect(out.length).toBeGreaterThan(1);
    expect(out.every((m) => m.text.length <= ZALO_OA_MAX_TEXT && m.text.length > 0)).toBe(true);
    expect(out.slice(0, -1).every((m) => m.buttons === undefined)).toBe(true);
    expect(out.at(-1)?.buttons).toHaveLength(1);
  });

  it('hashes long action ids and resolves them through the ids shown', () => {
    const long = `dir:district:${'Mường La '.repeat(20)}`;
    const p = buttonPayload(long);
    expect(p.length).toBeLessThanOrEqual(ZALO_OA_MAX_PAYLOAD);
    expect(resolvePayload(p.slice(PAYLOAD_PREFIX.length), [long])).toBe(long);
    expect(resolvePayload(p.slice(PAYLOAD_PREFIX.length), [])).toBeUndefined();
    expect(resolvePayload('menu:home')).toBe('menu:home');
  });

  it('builds the v3 body, quoting the user message only for free replies', () => {
    expect(messageBody('u1', { text: 'x' }, 'm1')).toEqual({
      recipient: { user_id: 'u1' },
      message: { text: 'x', quote_message_id: 'm1' },
    });
    expect(messageBody('u1', { text: 'x' })).toEqual({
      recipient: { user_id: 'u1' },
      message: { text: 'x' },
    });
  });
});

describe('decideSend', () => {
  const now = new Date('2026-03-31T16:30:00Z'); // 23:30 on 31/3 in Viet Nam
  const h = (hours: number) => new Date(now.getTime() - hours * 3600 * 1000);
  const row = (p: Partial<ZaloOaChatRow>): ZaloOaChatRow => ({
    chatId: 'u',
    lastUserAt: null,
    lastUserMsgId: null,
    repliesSince: 0,
    promoDay: null,
    promoDayCount: 0,
    promoMonth: null,
    promoMonthCount: 0,
    goneAt: null,
    updatedAt: now,
    ...p,
  });
  it.each([
    ['just wrote', row({ lastUserAt: h(1) }), 0, 'reply', { ok: true, as: 'free_reply' }],
    [
      '7 replies used',
      row({ lastUserAt: h(47), repliesSince: 7 }),
      0,
      'reply',
      { ok: true, as: 'free_reply' },
    ],
    ['8 replies used', row({ lastUserAt: h(1), repliesSince: 8 }), 0, 'reply', { ok: true, as: 'proactive' }],
    ['49 h ago', row({ lastUserAt: h(49) }), 999, 'reply', { ok: true, as: 'proactive' }],
    [
      'quota used',
      row({ lastUserAt: h(49) }),
      1000,
      'reply',
      { ok: false, reason: 'proactive_quota_exhausted' },
    ],
    ['8 days ago', row({ lastUserAt: h(8 * 24) }), 0, 'reply', { ok: false, reason: 'outside_7_days' }],
    ['never wrote', undefined, 0, 'reply', { ok: false, reason: 'no_interaction' }],
    ['gone', row({ lastUserAt: h(1), goneAt: h(0) }), 0, 'reply', { ok: false, reason: 'gone' }],
    ['broadcast in window', row({ lastUserAt: h(1) }), 0, 'broadcast', { ok: true, as: 'free_reply' }],
    ['broadcast outside', row({ lastUserAt: h(100) }), 0, 'broadcast', { ok: true, as: 'promotion' }],
    [
      'promotion today',
      row({ promoDay: '2026-03-31', promoDayCount: 1, promoMonth: '2026-03', promoMonthCount: 1 }),
      0,
      'broadcast',
      { ok: false, reason: 'promotion_daily_cap' },
    ],
    [
      'promotion yesterday',
      row({ promoDay: '2026-03-30', promoDayCount: 1, promoMonth: '2026-03', promoMonthCount: 1 }),
      0,
      'broadcast',
      { ok: true, as: 'promotion' },
    ],
    [
      '4 this month',
      row({ promoDay: '2026-03-20', promoDayCount: 1, promoMonth: '2026-03', promoMonthCount: 4 }),
      0,
      'broadcast',
      { ok: false, reason: 'promotion_monthly_cap' },
    ],
    [
      '4 last month',
      row({ promoDay: '2026-02-28', promoDayCount: 1, promoMonth: '2026-02', promoMonthCount: 4 }),
      0,
      'broadcast',
      { ok: true, as: 'promotion' },
    ],
  ] as const)('%s', (_name, r, used, kind, expected) => {
    expect(decideSend(r, used, now, kind, DEFAULT_LIMITS)).toEqual(expected);
  });

  it('counts days and months in Viet Nam time', () => {
    expect(zaloDay(new Date('2026-03-31T17:00:00Z'))).toEqual({ day: '2026-04-01', month: '2026-04' });
  });
});
