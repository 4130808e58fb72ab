import { describe, expect, it } from 'vitest';
import { parseUpdate } from '../../src/bot/channels/telegram/update.ts';
import { INCOMING, payload, testdataFiles } from './cases.ts';

describe('parseUpdate on recorded payloads', () => {
  it('has a row for every payload file', () => {
    expect(INCOMING.map((c) => c.file).sort()).toEqual(testdataFiles());
  });

  it.each(INCOMING)('$file -> $event', (c) => {
    const body = payload(c.file);
    const parsed = parseUpdate(body);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.event.kind).toBe(c.event);
    expect(parsed.event.updateId).toBe(body.update_id);
    if (c.inbound) {
      if (parsed.event.kind !== 'inbound') throw new Error('expected an inbound event');
      expect(parsed.event.inbound).toMatchObject({ channel: 'telegram', ...c.inbound });
    }
  });

  it('keeps the user message id for erasing, and the callback id for answering', () => {
    const text = parseUpdate(payload('message_text'));
    expect(text.ok && text.event.kind === 'inbound' && text.event.messageId).toBe(11);
    const press = parseUpdate(payload('callback_query'));
    expect(press.ok && press.event.kind === 'inbound' && press.event.callbackId).toBe('4382bfdwdsb323b2d9');
  });

  it.each([
    ['a start payload with characters Telegram never sends', '/start <script>', undefined],
    ['a start payload over 64 characters', `/start ${'a'.repeat(65)}`, undefined],
    ['a start payload of allowed characters', '/start TX_Moc-Chau1', 'TX_Moc-Chau1'],
  ])('%s', (_name, text, expected) => {
    const body = payload('message_start');
    const parsed = parseUpdate({ ...body, message: { ...(body.message as object), text } });
    if (!parsed.ok || parsed.event.kind !== 'inbound') throw new Error('expected inbound');
    expect(parsed.event.inbound.kind).toBe('start');
    expect((parsed.event.inbound as { payload?: string }).payload).toBe(expected);
  });

  it.each([
    ['not an object', 'hello', /update_id|expected/i],
    ['no update_id', { message: {} }, /update_id/],
    ['a negative update_id', { update_id: -1 }, /update_id/],
    ['a message without a chat', { update_id: 1, message: { message_id: 1, date: 1 } }, /message\.chat/],
    [
      'a location out of range',
      {
        update_id: 1,
        message: {
          message_id: 1,
          date: 1,
          chat: { id: 1, type: 'private' },
          location: { latitude: 200, longitude: 0 },
        },
      },
      /latitude/,
    ],
  ])('rejects %s with a clear message', (_name, body, message) => {
    const parsed = parseUpdate(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
