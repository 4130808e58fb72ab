import { describe, expect, it } from 'vitest';
import { handleTurn } from '../../src/bot/conversation/index.ts';
import type { Inbound, SessionState, SubscriberView } from '../../src/bot/types.ts';
import { content } from './content.ts';
import { i18n, NOW } from './harness.ts';

const inbounds: Inbound[] = [
  { channel: 'zalo-bot', chatId: 'c1', kind: 'text', text: 'chong toi dang danh toi' },
  { channel: 'zalo-bot', chatId: 'c1', kind: 'text', text: 'nghi thai san may thang' },
  { channel: 'zalo-bot', chatId: 'c1', kind: 'text', text: '2' },
  { channel: 'zalo-bot', chatId: 'c1', kind: 'text', text: 'chieng lao' },
  { channel: 'zalo-bot', chatId: 'c1', kind: 'text', text: '/deletedata' },
  { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'lang:en' },
  { channel: 'telegram', chatId: 'c1', kind: 'location', lat: 21.5, lon: 103.9 },
  { channel: 'telegram', chatId: 'c1', kind: 'start', payload: 'chieng-lao' },
  { channel: 'telegram', chatId: 'c1', kind: 'action', action: 'lang:thai' },
  { channel: 'zalo-bot', chatId: 'c1', kind: 'text', text: '/officer K7P4QX2M91' },
];

describe('purity', () => {
  for (const inbound of inbounds) {
    it(`same input, same output; input untouched (${inbound.kind} ${JSON.stringify(inbound).slice(40, 80)})`, () => {
      const session: SessionState = {
        locale: 'vi',
        awaiting: 'unit_for_directory',
        lastButtons: ['menu:faq', 'menu:directory'],
        unit: null,
        faqNode: null,
      };
      const subscriber: SubscriberView = { subscribed: true, locale: 'vi', unit: null };
      const frozen = structuredClone({ session, subscriber, inbound });
      const a = handleTurn({ content, i18n, now: NOW }, { session, subscriber }, inbound);
      const b = handleTurn({ content, i18n, now: NOW }, { session, subscriber }, inbound);
      expect(b).toEqual(a);
      expect({ session, subscriber, inbound }).toEqual(frozen);
      if (a.session) expect(a.session).not.toBe(session);
      expect(a.intent).toBeTruthy();
    });
  }

  it('a null session is fine and produces a new one', () => {
    const r = handleTurn(
      { content, i18n, now: NOW },
      { session: null, subscriber: null },
      { channel: 'webchat', chatId: 'c1', kind: 'text', text: 'menu' },
    );
    expect(r.session?.lastButtons?.length).toBe(6);
    expect(r.answers).toEqual([]);
  });
});
