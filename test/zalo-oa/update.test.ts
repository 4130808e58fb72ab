import { describe, expect, it } from 'vitest';
import {
  parseZaloOaEvent,
  REPLAY_WINDOW_MS,
  readEnvelope,
  signatureFor,
  verifySignature,
} from '../../src/bot/channels/zalo-oa/update.ts';
import { payload, SECRET_KEY } from './support.ts';

const AT = new Date(1767225600000);

describe('parseZaloOaEvent on the recorded events', () => {
  it.each([
    [
      'user_send_text',
      {
        kind: 'inbound',
        key: 'a1b2c3d4e5',
        inbound: { kind: 'text', chatId: '8800001', text: 'nghỉ thai sản mấy tháng' },
      },
    ],
    ['user_send_text_button', { kind: 'inbound', inbound: { kind: 'action', action: 'menu:directory' } }],
    ['user_send_location', { kind: 'inbound', inbound: { kind: 'location', lat: 21.3256, lon: 103.9188 } }],
    ['user_send_image', { kind: 'inbound', inbound: { kind: 'text', text: '' } }],
    ['user_send_sticker', { kind: 'inbound', inbound: { kind: 'text', text: '' } }],
    ['follow', { kind: 'inbound', inbound: { kind: 'start', chatId: '8800001' } }],
    ['user_click_chatnow', { kind: 'inbound', inbound: { kind: 'start', chatId: '8800001' } }],
    ['unfollow', { kind: 'gone', chatId: '8800001' }],
    ['user_seen_message', { kind: 'ignored', reason: 'unknown' }],
    ['oa_send_text', { kind: 'ignored', reason: 'unknown' }],
  ])('%s', (file, expected) => {
    const parsed = parseZaloOaEvent(payload(file), AT);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.event).toMatchObject(expected);
  });

  it('keys events without a message id by a hash that does not hold the user id', () => {
    const a = parseZaloOaEvent(payload('follow'), AT);
    const b = parseZaloOaEvent({ ...payload('follow'), timestamp: String(AT.getTime() + 1) }, AT);
    const keyOf = (r: typeof a) => (r.ok && r.event.kind === 'inbound' ? r.event.key : '');
    expect(keyOf(a)).toMatch(/^h:/);
    expect(keyOf(a)).not.toContain('8800001');
    expect(keyOf(a)).not.toBe(keyOf(b));
    expect(keyOf(parseZaloOaEvent(payload('follow'), AT))).toBe(keyOf(a));
  });

  it('ignores an event older (or newer) than the replay window', () => {
    const late = new Date(AT.getTime() + REPLAY_WINDOW_MS + 1);
    expect(parseZaloOaEvent(payload('user_send_text'), late)).toMatchObject({
      ok: true,
      event: { reason: 'replay' },
    });
    const early = new Date(AT.getTime() - REPLAY_WINDOW_MS - 1);
    expect(parseZaloOaEvent(payload('user_send_text'), early)).toMatchObject({
      ok: true,
      event: { reason: 'replay' },
    });
    expect(
      parseZaloOaEvent(payload('user_send_text'), new Date(AT.getTime() + REPLAY_WINDOW_MS)),
    ).toMatchObject({
      ok: true,
      event: { kind: 'inbound' },
    });
  });

  it.each([
    ['no sender', { ...payload('user_send_text'), sender: undefined }, /sender/],
    ['no text', { ...payload('user_send_text'), message: { msg_id: 'x' } }, /message.text/],
    [
      'no coordinates',
      { ...payload('user_send_location'), message: { msg_id: 'x', attachments: [] } },
      /location/,
    ],
    ['bad timestamp', { ...payload('user_send_text'), timestamp: 'yesterday' }, /timestamp/],
    ['no event name', { ...payload('user_send_text'), event_name: undefined }, /event_name/],
  ])('refuses %s with a message', (_name, body, message) => {
    const parsed = parseZaloOaEvent(body, AT);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(message);
  });
});

describe('X-ZEvent-Signature', () => {
  const raw = Buffer.from(JSON.stringify(payload('user_send_text')));
  const env = readEnvelope(raw);
  if (!env.ok) throw new Error(env.message);

  it('is mac= and sha256 hex of app_id + raw body + timestamp + OA secret key', async () => {
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256')
      .update(`1234567890${raw.toString('utf8')}1767225600000${SECRET_KEY}`)
      .digest('hex');
    expect(signatureFor(env.appId, raw, env.timestamp, SECRET_KEY)).toBe(`mac=${expected}`);
  });

  it('accepts the right signature and refuses everything else', () => {
    const good = signatureFor(env.appId, raw, env.timestamp, SECRET_KEY);
    expect(verifySignature(good, raw, env, SECRET_KEY)).toBe(true);
    expect(verifySignature(` ${good} `, raw, env, SECRET_KEY)).toBe(true);
    expect(verifySignature(good.toUpperCase(), raw, env, SECRET_KEY)).toBe(false);
    expect(verifySignature(undefined, raw, env, SECRET_KEY)).toBe(false);
    expect(verifySignature(good, raw, env, '')).toBe(false);
    expect(verifySignature(good, Buffer.concat([raw, Buffer.from(' ')]), env, SECRET_KEY)).toBe(false);
    expect(verifySignature(good, raw, { ...env, timestamp: '1767225600001' }, SECRET_KEY)).toBe(false);
  });

  it('reads the envelope or says why not', () => {
    expect(readEnvelope(Buffer.from('{'))).toMatchObject({ ok: false, message: 'body is not JSON' });
    expect(readEnvelope(Buffer.from('{"app_id":"1"}'))).toMatchObject({ ok: false });
  });
});
