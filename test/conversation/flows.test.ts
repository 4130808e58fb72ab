import { describe, expect, it } from 'vitest';
import type { FaqNode, Locale } from '../../src/content/types.ts';
import { content } from './content.ts';
import { type Case, checkCase, runCase } from './harness.ts';

const both: Locale[] = ['vi', 'en'];
const sub = { subscribed: true, locale: 'vi' as const, unit: null };

/** A topic with a leaf under it, found in whatever content the tables run on. */
const topic = content.faq
  .children(null)
  .find((n) => content.faq.children(n.id).some((c) => c.answer)) as FaqNode;
const leaf = content.faq.children(topic.id).find((c) => c.answer) as FaqNode;
const maternity = content.faq
  .all()
  .find((n) => n.citations.some((c) => c.law === 'BLLD2019' && c.article === '139'));

const faq: Case[] = [
  {
    name: 'FAQ menu lists the topics',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'menu:faq' },
    intent: 'faq',
    buttons: [`faq:${topic.id}`, 'menu:home'],
    after: { faqNode: null },
  },
  {
    name: 'down into a topic',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: `faq:${topic.id}` },
    locales: both,
    buttons: [`faq:${leaf.id}`, 'faq:back', 'menu:home'],
    after: { faqNode: topic.id },
  },
  {
    name: 'down to a leaf: answer and citation in words',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: `faq:${leaf.id}` },
    session: { faqNode: topic.id },
    locales: both,
    intent: 'faq',
    text: { vi: ['Căn cứ: '], en: ['Source: '] },
    buttons: ['faq:back', 'menu:home'],
    after: { faqNode: leaf.id },
    check: (r, locale) => {
      expect(r.answers.map((a) => a.id)).toEqual([leaf.id]);
      expect(r.replies[0]?.text).toContain(leaf.answer?.[locale]);
      expect(r.effects).toEqual([{ type: 'stat', kind: 'faq_answer', unit: null, faqNode: leaf.id }]);
    },
  },
  {
    name: 'back from a leaf goes to its topic',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'faq:back' },
    session: { faqNode: leaf.id },
    after: { faqNode: topic.id },
  },
  {
    name: 'back from a top topic goes to the topic list',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'faq:back' },
    session: { faqNode: topic.id },
    intent: 'faq',
    after: { faqNode: null },
  },
  {
    name: 'home from inside the FAQ',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'menu:home' },
    session: { faqNode: leaf.id },
    intent: 'menu',
    after: { faqNode: null },
  },
  {
    name: 'free-text question: maternity leave cites Article 139 of the Labour Code 2019',
    inbound: 'nghỉ thai sản mấy tháng',
    intent: 'faq',
    firstText: ['Điều 139 Bộ luật Lao động 2019'],
    check: (r) => {
      expect(r.answers[0]?.id).toBe(maternity?.id);
      expect(r.answers[0]?.citations).toContainEqual({ law: 'BLLD2019', article: '139' });
      expect(r.effects).toEqual([{ type: 'stat', kind: 'faq_search', unit: null, faqNode: maternity?.id }]);
      expect(r.answers.length).toBeLessThanOrEqual(5);
    },
  },
  {
    name: 'the same question without diacritics',
    inbound: 'nghi thai san may thang',
    intent: 'faq',
    firstText: ['Điều 139 Bộ luật Lao động 2019'],
  },
  {
    name: 'English citation words',
    inbound: { channel: 'webchat', chatId: 'c1', kind: 'action', action: `faq:${maternity?.id}` },
    locales: ['en'],
    text: ['Source: Article 139, Labour Code 2019'],
  },
  {
    name: 'unknown question: unanswered effect without chat id, officer contact offered',
    inbound: 'con mèo nhà tôi tên là gì, gọi 0912 345 678',
    locales: both,
    intent: 'out_of_scope',
    effects: ['unanswered', 'stat'],
    buttons: ['menu:faq', 'menu:home'],
    check: (r, locale) => {
      const u = r.effects[0];
      expect(u).toMatchObject({ type: 'unanswered', locale });
      expect(JSON.stringify(u)).not.toContain('c1');
      expect(JSON.stringify(u)).not.toContain('0912');
    },
  },
  { name: 'smalltalk: xin chào', inbound: 'Xin chào', intent: 'smalltalk', effects: [] },
  { name: 'smalltalk: cam on ban', inbound: 'cam on ban nhe', intent: 'smalltalk', effects: [] },
  { name: 'smalltalk: thanks', inbound: 'thanks!', locales: ['en'], intent: 'smalltalk', effects: [] },
  {
    name: 'numbered choice picks the n-th button of the last reply',
    inbound: '2',
    session: { lastButtons: ['menu:faq', 'menu:directory', 'menu:subscribe'] },
    intent: 'directory',
    after: { awaiting: 'unit_for_directory' },
  },
  {
    name: 'a number with no such button shows the menu, records nothing',
    inbound: '9',
    session: { lastButtons: ['menu:faq'] },
    intent: 'menu',
    check: (r) => expect(r.effects.map((e) => e.type)).not.toContain('unanswered'),
  },
  {
    name: 'unknown action falls back to the main menu',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'nonsense:1' },
    intent: 'menu',
  },
];

const settings: Case[] = [
  {
    name: 'switching to English confirms in English',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'lang:en' },
    locales: ['vi'],
    effects: ['set_locale'],
    text: ['Switched to English'],
    notText: ['Hỏi đáp'],
    check: (r) => expect(r.replies[0]?.buttons?.[0]?.label).toBe('Legal questions'),
    after: { locale: 'en' },
  },
  {
    name: 'switching to Vietnamese confirms in Vietnamese',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'lang:vi' },
    locales: ['en'],
    text: ['tiếng Việt'],
    check: (r) => expect(r.replies[0]?.buttons?.[0]?.label).toBe('Hỏi đáp pháp luật'),
    after: { locale: 'vi' },
  },
  {
    name: 'Nhận tin when not subscribed subscribes province-wide',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'menu:subscribe' },
    intent: 'subscribe',
    buttons: ['sub:area', 'menu:language'],
    check: (r) => expect(r.effects[0]).toEqual({ type: 'subscribe', locale: 'vi', unit: null }),
  },
  {
    name: 'Nhận tin when subscribed shows the settings',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'menu:subscribe' },
    subscriber: sub,
    effects: [],
    buttons: ['sub:area', 'menu:language', 'sub:stop'],
  },
  {
    name: 'choose area asks for a unit',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'sub:area' },
    subscriber: sub,
    after: { awaiting: 'unit_for_subscribe' },
  },
  {
    name: 'typed area while subscribed sets the unit',
    inbound: 'chieng lao',
    subscriber: sub,
    session: { awaiting: 'unit_for_subscribe' },
    intent: 'subscribe',
    check: (r) => expect(r.effects).toEqual([{ type: 'set_unit', unit: 'Chiềng Lao' }]),
    after: { awaiting: null, unit: 'Chiềng Lao' },
  },
  {
    name: 'area button while not subscribed subscribes with that unit',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'unit:Chiềng Lao' },
    session: { awaiting: 'unit_for_subscribe' },
    check: (r) => expect(r.effects[0]).toEqual({ type: 'subscribe', locale: 'vi', unit: 'Chiềng Lao' }),
  },
  {
    name: 'menu delete explains what is kept and asks to confirm',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'menu:delete' },
    locales: both,
    intent: 'privacy',
    effects: [],
    text: { vi: ['Không lưu tên, số điện thoại'], en: ['No names, no phone numbers'] },
    buttons: ['privacy:confirm'],
  },
  {
    name: 'confirm deletes',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'privacy:confirm' },
    effects: ['delete_data', 'stat'],
    after: null,
  },
];

describe.each([
  ['FAQ and free text', faq],
  ['settings and privacy', settings],
])('%s', (_title, cases) => {
  for (const c of cases) {
    for (const locale of c.locales ?? (['vi'] as Locale[])) {
      it(`${c.name} [${locale}]`, () => checkCase(c, runCase(content, c, locale), locale));
    }
  }
});
