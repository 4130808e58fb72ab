import { describe, expect, it } from 'vitest';
import { handleTurn } from '../../src/bot/conversation/index.ts';
import type { Effect, TurnResult } from '../../src/bot/types.ts';
import type { Locale } from '../../src/content/types.ts';
import { content } from './content.ts';
import { type Case, checkCase, i18n, NOW, runCase } from './harness.ts';

const both: Locale[] = ['vi', 'en'];
const sub = { subscribed: true, locale: 'vi' as const, unit: 'Chiềng Lao' };

function effect<T extends Effect['type']>(r: TurnResult, type: T): Extract<Effect, { type: T }> {
  const e = r.effects.find((x) => x.type === type);
  if (!e) throw new Error(`no ${type} effect`);
  return e as Extract<Effect, { type: T }>;
}
const hearIs = (lang: 'thai' | 'hmong' | null) => (r: TurnResult) =>
  expect(effect(r, 'set_hear_lang').hearLang).toBe(lang);
const codeIs = (code: string) => (r: TurnResult) => {
  expect(effect(r, 'officer_link').code).toBe(code);
  expect(r.effects.map((e) => e.type)).not.toContain('unanswered');
};

const hearThai = {
  effects: ['set_locale', 'set_hear_lang'],
  after: { locale: 'vi' as const, hearLang: 'thai' as const },
  check: hearIs('thai'),
};
const hearHmong = {
  effects: ['set_locale', 'set_hear_lang'],
  after: { locale: 'vi' as const, hearLang: 'hmong' as const },
  check: hearIs('hmong'),
};

const language: Case[] = [
  {
    name: '/language offers Thái and H’Mông to hear, with the one-line note',
    inbound: '/language',
    locales: both,
    buttons: ['lang:vi', 'lang:en', 'lang:thai', 'lang:hmong', 'menu:home'],
    text: {
      vi: ['tin âm thanh', 'vẫn bằng tiếng Việt'],
      en: ['audio clips', 'texts stay in Vietnamese'],
    },
    check: (r, locale) => {
      const labels = r.replies[0]?.buttons?.map((b) => b.label);
      expect(labels).toEqual(
        locale === 'vi'
          ? ['Tiếng Việt', 'English', 'Tiếng Thái (nghe)', "Tiếng H'Mông (nghe)", 'Menu chính']
          : ['Tiếng Việt', 'English', 'Thai (audio)', "H'Mông (audio)", 'Main menu'],
      );
    },
  },
  {
    name: 'Thái pressed: texts fall back to Vietnamese, the note is in Vietnamese',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'lang:thai' },
    locales: both,
    ...hearThai,
    text: ['Đã chọn nghe tiếng Thái', 'tin nhắn chữ vẫn bằng tiếng Việt', 'gõ /subscribe'],
    notText: ['Thai (audio)'],
    check: (r) => {
      hearIs('thai')(r);
      expect(r.replies[0]?.buttons?.[0]?.label).toBe('Hỏi đáp pháp luật');
    },
  },
  {
    name: 'H’Mông pressed by a subscriber: no hint to subscribe',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'lang:hmong' },
    subscriber: sub,
    ...hearHmong,
    text: ["Đã chọn nghe tiếng H'Mông"],
    notText: ['/subscribe'],
  },
  { name: 'tiếng Thái typed', inbound: 'Tiếng Thái', locales: both, ...hearThai },
  { name: 'tieng thai typed', inbound: 'tieng thai', locales: both, ...hearThai },
  { name: 'the button’s label typed', inbound: 'Tiếng Thái (nghe)', ...hearThai },
  { name: 'the English label typed', inbound: 'Thai (audio)', locales: ['en'], ...hearThai },
  { name: 'with fillers', inbound: 'tôi muốn nghe tiếng Thái nhé', ...hearThai },
  { name: 'tiếng H’Mông typed', inbound: "tiếng H'Mông", locales: both, ...hearHmong },
  { name: 'tieng hmong typed', inbound: 'tieng hmong', locales: both, ...hearHmong },
  { name: 'tiếng Mông typed', inbound: 'Tiếng Mông', ...hearHmong },
  { name: 'nghe tieng h mong typed', inbound: 'nghe tieng h mong', ...hearHmong },
  { name: '/language hmong', inbound: '/language hmong', locales: both, ...hearHmong },
  { name: '/language thai', inbound: '/lang Thai', ...hearThai },
  {
    name: 'a bare "thai" is not a language (thai sản)',
    inbound: 'thai',
    check: (r) => expect(r.effects.map((e) => e.type)).not.toContain('set_hear_lang'),
  },
  {
    name: '/language with an unknown language shows the menu',
    inbound: '/language klingon',
    buttons: ['lang:thai', 'lang:hmong'],
    effects: [],
  },
  {
    name: 'numbered choice 3 on Zalo Bot picks Thái',
    inbound: '3',
    session: { lastButtons: ['lang:vi', 'lang:en', 'lang:thai', 'lang:hmong', 'menu:home'] },
    ...hearThai,
  },
  {
    name: 'English typed clears a listening language kept in the session',
    inbound: 'English',
    session: { hearLang: 'thai' },
    effects: ['set_locale', 'set_hear_lang'],
    text: ['Switched to English'],
    check: hearIs(null),
    after: { locale: 'en' },
  },
  {
    name: 'tiếng Việt pressed clears the subscriber’s listening language',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'lang:vi' },
    subscriber: { ...sub, hearLang: 'hmong' },
    effects: ['set_locale', 'set_hear_lang'],
    check: (r) => {
      hearIs(null)(r);
      expect(r.session?.hearLang).toBeUndefined();
    },
  },
  {
    name: 'tieng viet typed with nothing to clear sets only the locale',
    inbound: 'tieng viet',
    locales: ['en'],
    effects: ['set_locale'],
    after: { locale: 'vi' },
  },
  {
    name: 'subscribing carries the listening language chosen before',
    inbound: '/subscribe',
    session: { hearLang: 'hmong' },
    effects: ['subscribe', 'set_hear_lang', 'stat'],
    check: hearIs('hmong'),
  },
  {
    name: 'choosing an area to subscribe carries it too',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'sub:province' },
    session: { hearLang: 'thai', awaiting: 'unit_for_subscribe' },
    effects: ['subscribe', 'set_hear_lang', 'stat'],
  },
  {
    name: 'the subscription status names the listening language',
    inbound: '/subscribe',
    subscriber: { ...sub, hearLang: 'thai' },
    effects: [],
    text: ['Tin âm thanh: tiếng Thái'],
  },
];

const officer: Case[] = [
  {
    name: '/officer CODE: not valid unless the caller consumed it; the valid reply rides on the effect',
    inbound: '/officer K7P4-QX2M-91',
    locales: both,
    effects: ['officer_link'],
    text: { vi: ['Mã này không hợp lệ'], en: ['This code is not valid'] },
    check: (r, locale) => {
      const e = effect(r, 'officer_link');
      expect(e.code).toBe('K7P4-QX2M-91');
      expect(e.locale).toBe(locale);
      expect(e.linked.map((x) => x.text).join()).toContain(
        locale === 'vi' ? 'duyệt tin chiến dịch, hạn nộp báo cáo' : 'campaign approvals, report deadlines',
      );
      expect(r.session?.awaiting).toBeNull();
    },
  },
  { name: '/officer@bot CODE', inbound: '/officer@hoaban_bot K7P4QX2M', check: codeIs('K7P4QX2M') },
  { name: 'cán bộ CODE', inbound: 'Cán bộ K7P4QX2M91', check: codeIs('K7P4QX2M91') },
  { name: 'can bo CODE, lower case', inbound: 'can bo k7p4-qx2m-91', check: codeIs('k7p4-qx2m-91') },
  { name: 'cán bộ: CODE', inbound: 'cán bộ: K7P4QX2M91', check: codeIs('K7P4QX2M91') },
  {
    name: 'officer CODE in English',
    inbound: 'officer K7P4QX2M91',
    locales: ['en'],
    check: codeIs('K7P4QX2M91'),
  },
  {
    name: 'a bare /officer asks for the code and reads the next message as it',
    inbound: '/officer',
    locales: both,
    effects: [],
    text: { vi: ['mã cán bộ dùng một lần'], en: ['one-time officer code'] },
    after: { awaiting: 'officer_code' },
  },
  {
    name: 'the code after a bare /officer, even with spaces, never becomes an unanswered question',
    inbound: 'K7P4 QX2M',
    session: { awaiting: 'officer_code' },
    effects: ['officer_link'],
    check: codeIs('K7P4QX2M'),
    after: { awaiting: null },
  },
  {
    name: 'a real question after a bare /officer is answered as usual',
    inbound: 'nghỉ thai sản mấy tháng?',
    session: { awaiting: 'officer_code' },
    intent: 'faq',
    check: (r) => expect(r.effects.map((e) => e.type)).not.toContain('officer_link'),
  },
  {
    name: '/officer off for a linked chat',
    inbound: '/officer off',
    locales: both,
    subscriber: { ...sub, officer: true },
    effects: ['officer_unlink'],
    text: { vi: ['không nhận nhắc việc của cán bộ nữa'], en: ["no longer get officers' reminders"] },
  },
  {
    name: 'cán bộ off typed',
    inbound: 'cán bộ OFF',
    subscriber: { ...sub, officer: true },
    effects: ['officer_unlink'],
  },
  {
    name: '/officer off for a chat that was never linked changes nothing',
    inbound: '/officer off',
    effects: [],
    text: ['không nhận nhắc việc của cán bộ'],
  },
  {
    name: 'cán bộ phường is a question, not a code',
    inbound: 'cán bộ phường',
    check: (r) => expect(r.effects.map((e) => e.type)).not.toContain('officer_link'),
  },
  {
    name: 'cán bộ xã ở đâu is a question, not a code',
    inbound: 'can bo xa o dau',
    check: (r) => expect(r.effects.map((e) => e.type)).not.toContain('officer_link'),
  },
  {
    name: 'danger words answer first, and the code is not spent',
    inbound: '/officer K7P4QX2M91 chồng tôi đang đánh tôi',
    locales: both,
    intent: 'emergency',
    firstText: ['113'],
    check: (r) => expect(r.effects.map((e) => e.type)).toEqual(['stat']),
  },
  {
    name: 'danger words without diacritics while a code is awaited',
    inbound: 'chong toi dang danh toi',
    session: { awaiting: 'officer_code' },
    intent: 'emergency',
    check: (r) => expect(r.effects.map((e) => e.type)).toEqual(['stat']),
  },
  {
    name: 'in the quiet state a code is answered neutrally and not tried',
    inbound: '/officer K7P4QX2M91',
    session: { quiet: true },
    effects: [],
  },
  {
    name: '/help does not show /officer to residents',
    inbound: '/help',
    locales: both,
    notText: ['/officer', 'cán bộ'],
  },
];

describe.each([
  ['listening language', language],
  ['officers’ own chats', officer],
])('%s', (_title, cases) => {
  for (const c of cases) {
    for (const locale of c.locales ?? (['vi'] as Locale[])) {
      it(`${c.name} [${locale}]`, () => checkCase(c, runCase(content, c, locale), locale));
    }
  }
});

describe('listening language and the subscriber', () => {
  it('the subscriber row, when there is one, wins over the session', () => {
    const r = handleTurn(
      { content, i18n, now: NOW },
      { session: { locale: 'vi', hearLang: 'thai' }, subscriber: { ...sub, hearLang: null } },
      { channel: 'telegram', chatId: 'c1', kind: 'text', text: '/subscribe' },
    );
    expect(r.replies[0]?.text).not.toContain('Tin âm thanh');
  });
});
