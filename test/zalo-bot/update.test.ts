import { describe, expect, it } from 'vitest';
import { parseZaloBotUpdate } from '../../src/bot/channels/zalo-bot/update.ts';
import { INCOMING, payload, testdataFiles, USER } from './cases.ts';
import { textEvent } from './support.ts';

describe('parseZaloBotUpdate on recorded payloads', () => {
  it('has a row for every payload file', () => {
    expect(INCOMING.map((c) => c.file).sort()).toEqual(testdataFiles());
  });

  it.each(INCOMING)('$file -> $event', (c) => {
    const parsed = parseZaloBotUpdate(payload(c.file));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.event.kind).toBe(c.event);
    if (c.inbound) {
      if (parsed.event.kind !== 'inbound') throw new Error('expected an inbound event');
      expect(parsed.event.inbound).toMatchObject({ channel: 'zalo-bot', chatId: USER, ...c.inbound });
    }
    if (c.key && parsed.event.kind !== 'ignored') expect(parsed.event.key).toBe(c.key);
  });

  it('reads the update with or without the {ok, result} envelope (webhook and getUpdates)', () => {
    const inner = textEvent('c1', 'xin chào', { messageId: 'm-1' });
    const a = parseZaloBotUpdate(inner);
    const b = parseZaloBotUpdate({ ok: true, result: inner });
    expect(a).toEqual(b);
    expect(a.ok && a.event.kind === 'inbound' && a.event.key).toBe('m-1');
  });

  it('keys an update without message_id by event, chat and date, never showing the chat id', () => {
    const one = textEvent('chat-secret-id', 'menu', { messageId: null });
    const p1 = parseZaloBotUpdate(one);
    const p2 = parseZaloBotUpdate(structuredClone(one));
    const later = parseZaloBotUpdate({ ...one, message: { ...one.message, date: one.message.date + 1 } });
    if (!p1.ok || !p2.ok || !later.ok) throw new Error('expected ok');
    const key = (p: typeof p1) => (p.ok && p.event.kind === 'inbound' ? p.event.key : '');
    expect(key(p1)).toBe(key(p2));
    expect(key(p1)).not.toBe(key(later));
    expect(key(p1)).not.toContain('chat-secret-id');
    expect(key(p1).length).toBeLessThanOrEqual(40);
  });

  it('accepts numeric ids as strings', () => {
    const parsed = parseZaloBotUpdate({
      event_name: 'message.text.received',
      message: { chat: { id: 42, chat_type: 'PRIVATE' }, message_id: 7, date: 1, text: 'hi' },
    });
    expect(parsed.ok && parsed.event.kind === 'inbound' && parsed.event.inbound.chatId).toBe('42');
  });

  it.each([
    ['not an object', '"hello"', /expected object|Invalid/i],
    ['an empty object', {}, /event_name is required/],
    ['an empty envelope', { ok: true, result: {} }, /event_name is required/],
    ['a text event without a message', { event_name: 'message.text.received' }, /^message: /],
    [
      'a message without a chat',
      { event_name: 'message.text.received', message: { message_id: 'm', date: 1, text: 'x' } },
      /^message\.chat: /,
    ],
    [
      'a message without a date',
      {
        event_name: 'message.text.received',
        message: { chat: { id: 'c', chat_type: 'PRIVATE' }, text: 'x' },
      },
      /^message\.date: /,
    ],
    ['an event name that is not a string', { event_name: 5, message: {} }, /event_name/],
  ])('rejects %s with a clear message', (_name, body, message) => {
    const parsed = parseZaloBotUpdate(typeof body === 'string' ? JSON.parse(body) : body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('ignores an unknown event without looking at its message', () => {
    const parsed = parseZaloBotUpdate({ event_name: 'message.reaction.received', message: 'anything' });
    expect(parsed).toEqual({ ok: true, event: { kind: 'ignored', event: 'message.reaction.received' } });
  });
});
