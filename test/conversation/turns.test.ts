import { describe, expect, it } from 'vitest';
import { handleTurn } from '../../src/bot/conversation/index.ts';
import type { Locale } from '../../src/content/types.ts';
import { content } from './content.ts';
import { type Case, checkCase, i18n, NOW, runCase } from './harness.ts';

const both: Locale[] = ['vi', 'en'];
const sub = { subscribed: true, locale: 'vi' as const, unit: 'Chiềng Lao' };
const menuIds = ['menu:faq', 'menu:directory', 'menu:subscribe', 'menu:language', 'menu:delete', 'menu:help'];

const emergency: Case[] = [
  {
    name: 'violence without diacritics: 113 first, nearest help second',
    inbound: 'chong toi dang danh toi',
    locales: both,
    intent: 'emergency',
    effects: ['stat'],
    firstText: ['113'],
    buttons: ['menu:home'],
    after: { awaiting: 'unit_for_directory' },
    check: (r) => {
      expect(r.replies).toHaveLength(2);
      expect(r.replies[0]?.phones?.[0]?.number).toBe('113');
      expect(r.effects[0]).toEqual({ type: 'stat', kind: 'emergency', unit: null });
      expect(JSON.stringify(r.effects)).not.toContain('danh');
    },
  },
  {
    name: 'violence with diacritics beats a command word in the same message',
    inbound: 'Chồng tôi đang đánh tôi, trợ giúp',
    intent: 'emergency',
    firstText: ['113'],
  },
  {
    name: 'emergency in the middle of choosing a subscription area',
    inbound: 'chồng tôi đang đánh tôi',
    session: { awaiting: 'unit_for_subscribe' },
    intent: 'emergency',
    firstText: ['113'],
  },
  {
    name: 'emergency with a known unit lists that unit’s help',
    inbound: 'chong toi dang danh toi',
    session: { unit: 'Chiềng Lao' },
    intent: 'emergency',
    text: ['Chiềng Lao'],
    check: (r) => {
      expect(r.session?.awaiting).toBeNull();
      expect(r.effects[0]).toEqual({ type: 'stat', kind: 'emergency', unit: 'Chiềng Lao' });
    },
  },
  {
    name: 'strangling adds 115',
    inbound: 'nó bóp cổ tôi',
    check: (r) => expect(r.replies[0]?.phones?.map((p) => p.number)).toEqual(['113', '115']),
  },
  {
    name: 'thoughts of dying: not alone, 115',
    inbound: 'tôi muốn chết',
    locales: both,
    firstText: { vi: ['không một mình', '115'], en: ['not alone', '115'] },
  },
  {
    name: 'a child involved adds 111',
    inbound: 'bố đang đánh con tôi',
    check: (r) => expect(r.replies[0]?.phones?.map((p) => p.number)).toContain('111'),
  },
  {
    name: 'no safe place tonight: temporary shelter under Article 22',
    inbound: 'tôi không có chỗ ở đêm nay',
    locales: both,
    firstText: {
      vi: ['nơi tạm lánh', 'Điều 22 Luật Phòng, chống bạo lực gia đình 2022'],
      en: ['Article 22'],
    },
  },
];

const commands: Case[] = [
  {
    name: '/start with a unit payload',
    inbound: '/start chieng-lao',
    intent: 'menu',
    buttons: menuIds,
    after: { unit: 'Chiềng Lao' },
    effects: ['stat'],
  },
  {
    name: 'start event with payload while subscribed sets the subscriber unit',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'start', payload: 'muong_chanh' },
    subscriber: { ...sub, unit: null },
    effects: ['set_unit', 'stat'],
    after: { unit: 'Mường Chanh' },
  },
  { name: '/menu', inbound: '/menu', intent: 'menu', buttons: menuIds },
  { name: 'menu typed', inbound: 'MENU', intent: 'menu', buttons: menuIds },
  {
    name: '/subscribe',
    inbound: '/subscribe',
    intent: 'subscribe',
    effects: ['subscribe', 'stat'],
    buttons: ['sub:area', 'menu:language'],
  },
  { name: 'đăng ký', inbound: 'Đăng ký', effects: ['subscribe', 'stat'] },
  { name: 'dang ky', inbound: 'dang ky', effects: ['subscribe', 'stat'] },
  {
    name: 'đăng ký kết hôn is a question, not a command',
    inbound: 'đăng ký kết hôn',
    check: (r) => expect(r.effects.map((e) => e.type)).not.toContain('subscribe'),
  },
  { name: '/unsubscribe', inbound: '/unsubscribe', subscriber: sub, effects: ['unsubscribe', 'stat'] },
  {
    name: 'hủy đăng ký must not subscribe',
    inbound: 'hủy đăng ký',
    subscriber: sub,
    intent: 'subscribe',
    effects: ['unsubscribe', 'stat'],
  },
  { name: 'huy dang ky', inbound: 'huy dang ky', effects: ['unsubscribe'] },
  {
    name: '/huy dang ky with slash-less filler',
    inbound: 'tôi muốn hủy đăng ký nhé',
    effects: ['unsubscribe'],
  },
  { name: '/language', inbound: '/language', buttons: ['lang:vi', 'lang:en'] },
  {
    name: '/erase on web chat explains and offers deletion',
    inbound: '/erase',
    channel: 'webchat',
    intent: 'privacy',
    effects: [],
    buttons: ['menu:delete'],
  },
  {
    name: '/erase on Telegram: neutral, the channel erases the chat',
    inbound: '/erase',
    channel: 'telegram',
    intent: 'privacy',
    effects: ['erase_chat'],
  },
  {
    name: '/deletedata deletes at once',
    inbound: '/deletedata',
    subscriber: sub,
    intent: 'privacy',
    effects: ['delete_data', 'stat'],
    after: null,
  },
  { name: 'xóa dữ liệu', inbound: 'Xóa dữ liệu', effects: ['delete_data', 'stat'], after: null },
  { name: 'xoa du lieu', inbound: 'xoa du lieu', effects: ['delete_data', 'stat'], after: null },
  {
    name: '/help',
    inbound: '/help',
    intent: 'menu',
    locales: both,
    text: { vi: ['/deletedata', '113'], en: ['/deletedata'] },
  },
  { name: 'trợ giúp', inbound: 'trợ giúp', intent: 'menu', text: ['/subscribe'] },
  { name: 'tro giup', inbound: 'tro giup', intent: 'menu' },
  { name: 'an unknown slash command shows the menu', inbound: '/whatever', intent: 'menu', buttons: menuIds },
];

describe.each([
  ['emergency first', emergency],
  ['commands', commands],
])('%s', (_title, cases) => {
  for (const c of cases) {
    for (const locale of c.locales ?? (['vi'] as Locale[])) {
      it(`${c.name} [${locale}]`, () => checkCase(c, runCase(content, c, locale), locale));
    }
  }
});

describe('locale', () => {
  it('the subscriber’s language wins over the session’s', () => {
    const r = handleTurn(
      { content, i18n, now: NOW },
      { session: { locale: 'vi' }, subscriber: { subscribed: true, locale: 'en', unit: null } },
      { channel: 'telegram', chatId: 'c1', kind: 'text', text: '/menu' },
    );
    expect(r.replies[0]?.buttons?.[0]?.label).toBe('Legal questions');
  });

  it('a new chat speaks Vietnamese', () => {
    const r = handleTurn(
      { content, i18n, now: NOW },
      { session: null, subscriber: null },
      { channel: 'zalo-oa', chatId: 'c1', kind: 'start' },
    );
    expect(r.replies[0]?.text).toContain('Xin chào');
    expect(r.effects).toEqual([{ type: 'stat', kind: 'start', unit: null }]);
  });

  it('the officer contact is offered when no answer is found', () => {
    const r = handleTurn(
      { content, i18n, now: NOW, officerContact: 'chị Lò Thị A, 0212 3 123 456' },
      { session: null, subscriber: null },
      { channel: 'webchat', chatId: 'c1', kind: 'text', text: 'giá vé máy bay đi Hà Nội' },
    );
    expect(r.intent).toBe('out_of_scope');
    expect(r.replies[0]?.text).toContain('chị Lò Thị A');
  });
});
