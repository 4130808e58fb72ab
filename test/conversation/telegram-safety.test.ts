import { describe, expect, it } from 'vitest';
import { handleTurn } from '../../src/bot/conversation/index.ts';
import type { Inbound, SessionState } from '../../src/bot/types.ts';
import { slug } from '../../src/content/normalize.ts';
import type { Locale } from '../../src/content/types.ts';
import { content } from './content.ts';
import { type Case, checkCase, i18n, NOW, runCase } from './harness.ts';

const tg = (text: string): Inbound => ({ channel: 'telegram', chatId: 't1', kind: 'text', text });
const quiet: SessionState = { quiet: true, unit: 'Chiềng Lao', lastButtons: ['menu:home'] };
const noButtons = (r: { replies: Array<{ buttons?: unknown[] }> }) =>
  expect(r.replies.every((x) => !x.buttons || x.buttons.length === 0)).toBe(true);

const cases: Case[] = [
  {
    name: 'emergency on Telegram offers "erase this chat" next to the way home',
    inbound: tg('chong toi dang danh toi'),
    locales: ['vi', 'en'],
    intent: 'emergency',
    buttons: ['privacy:erase', 'menu:home'],
    text: { vi: ['113'], en: ['113'] },
    check: (r, locale) => {
      const last = r.replies.at(-1)?.buttons ?? [];
      expect(last.map((b) => b.id)).toEqual(['privacy:erase', 'menu:home']);
      expect(last[0]?.label).toBe(locale === 'vi' ? 'Xóa cuộc trò chuyện' : 'Erase this chat');
    },
  },
  {
    name: 'a referral by commune on Telegram offers it too',
    inbound: { channel: 'telegram', chatId: 't1', kind: 'action', action: 'unit:Chiềng Lao' },
    intent: 'directory',
    buttons: ['dir:ask', 'privacy:erase', 'menu:home'],
  },
  {
    name: 'a shared location on Telegram offers it too',
    inbound: { channel: 'telegram', chatId: 't1', kind: 'location', lat: 21.33, lon: 103.91 },
    intent: 'directory',
    buttons: ['privacy:erase', 'menu:home'],
  },
  {
    name: 'channels that cannot delete messages do not show it',
    inbound: 'chong toi dang danh toi',
    channel: 'zalo-bot',
    intent: 'emergency',
    check: (r) => expect(JSON.stringify(r.replies)).not.toContain('privacy:erase'),
  },
  {
    name: 'a FAQ answer does not show it',
    inbound: tg('nghỉ thai sản mấy tháng'),
    intent: 'faq',
    check: (r) => expect(JSON.stringify(r.replies)).not.toContain('privacy:erase'),
  },
  {
    name: 'the erase button asks the channel to erase, with a short neutral line',
    inbound: { channel: 'telegram', chatId: 't1', kind: 'action', action: 'privacy:erase' },
    intent: 'privacy',
    effects: ['erase_chat'],
    text: { vi: ['Đã xong.'] },
  },
  {
    name: '/erase on Telegram erases',
    inbound: tg('/erase'),
    effects: ['erase_chat'],
  },
  {
    name: 'the quick-exit word with diacritics switches to a neutral topic without a menu',
    inbound: tg('Thời tiết'),
    locales: ['vi', 'en'],
    session: { awaiting: 'unit_for_directory', lastButtons: ['menu:home'] },
    effects: [],
    text: { vi: ['Thời tiết hôm nay'], en: ['weather'] },
    after: { quiet: true, awaiting: null },
    check: (r) => {
      noButtons(r);
      expect(r.session?.lastButtons).toBeUndefined();
    },
  },
  {
    name: 'the quick-exit word without diacritics, with punctuation',
    inbound: tg('thoi tiet?'),
    after: { quiet: true },
    check: noButtons,
  },
  {
    name: 'in the quiet state a question gets the neutral line again, no menu',
    inbound: tg('nghỉ thai sản mấy tháng'),
    session: quiet,
    text: { vi: ['Thời tiết hôm nay'] },
    notText: { vi: ['Điều 139'] },
    after: { quiet: true },
    check: noButtons,
  },
  {
    name: 'in the quiet state "menu" does not bring the menu back',
    inbound: tg('menu'),
    session: quiet,
    after: { quiet: true },
    check: noButtons,
  },
  {
    name: 'in the quiet state an old button press stays neutral',
    inbound: { channel: 'telegram', chatId: 't1', kind: 'action', action: 'menu:faq' },
    session: quiet,
    after: { quiet: true },
    check: noButtons,
  },
  {
    name: 'emergency words still win over the quiet state',
    inbound: tg('chồng tôi đang đánh tôi'),
    session: quiet,
    intent: 'emergency',
    firstText: ['113'],
    check: (r) => expect(r.session?.quiet).toBeUndefined(),
  },
  {
    name: '/start ends the quiet state and shows the menu',
    inbound: tg('/start'),
    session: quiet,
    intent: 'menu',
    buttons: ['menu:faq'],
    check: (r) => expect(r.session?.quiet).toBeUndefined(),
  },
  {
    name: 'erasing still works in the quiet state',
    inbound: tg('/erase'),
    session: quiet,
    effects: ['erase_chat'],
  },
  {
    name: 'another weather-like phrase does not switch with the default word',
    inbound: 'mua to',
    channel: 'zalo-bot',
    check: (r) => expect(r.session?.quiet).toBeUndefined(),
  },
];

describe.each(cases)('$name', (c) => {
  for (const locale of c.locales ?? (['vi'] as Locale[])) {
    it(locale, () => checkCase(c, runCase(content, c, locale), locale));
  }
});

describe('quick-exit word from the configuration', () => {
  const run = (text: string) =>
    handleTurn(
      { content, i18n, now: NOW, quickExitWord: 'mưa to' },
      { session: null, subscriber: null },
      { channel: 'zalo-bot', chatId: 'z1', kind: 'text', text },
    );
  it('matches the configured word without diacritics', () => expect(run('mua to').session?.quiet).toBe(true));
  it('no longer reacts to the default', () => expect(run('thời tiết').session?.quiet).toBeUndefined());
});

describe('deep-link slugs', () => {
  const units = content.units.all();
  it.each(units.map((u) => [slug(u.name), u.name]))('/start %s sets the commune %s', (payload, name) => {
    expect(payload).toMatch(/^[a-z0-9-]{1,64}$/);
    const r = handleTurn(
      { content, i18n, now: NOW },
      { session: null, subscriber: null },
      { channel: 'telegram', chatId: 't1', kind: 'start', payload },
    );
    expect(r.session?.unit).toBe(name);
    expect(r.effects).toContainEqual({ type: 'stat', kind: 'start', unit: name });
  });

  it('an unknown payload still welcomes, without a commune', () => {
    const r = handleTurn(
      { content, i18n, now: NOW },
      { session: null, subscriber: null },
      { channel: 'telegram', chatId: 't1', kind: 'start', payload: 'khong-co-xa-nay' },
    );
    expect(r.intent).toBe('menu');
    expect(r.session?.unit).toBeUndefined();
  });
});
