import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createService, type Service } from '../../src/service.ts';
import { type FakeZaloBotApi, startFakeZaloBot } from '../fakes/zalo-bot-api.ts';
import { openTestPglite } from '../support/db.ts';
import { postUpdate, SECRET, TOKEN, textUpdate, zaloBotEnv } from './support.ts';

describe('Zalo Bot logs never carry the token, the secret, chat ids or message text', () => {
  const lines: string[] = [];
  let fake: FakeZaloBotApi;
  let service: Service;
  beforeAll(async () => {
    fake = await startFakeZaloBot({ token: TOKEN });
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    service = await createService(loadConfig({ PORT: '0', ...zaloBotEnv(fake) }), {
      database: await openTestPglite(),
      logger: { level: 'trace', stream },
    });
    await service.start();
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it('holds through ordinary traffic, failing sends and bad requests', async () => {
    const chat = 'c0ffee1234abcd';
    fake.blocked.add('blockedchat77');
    fake.failNext.set('sendMessage', [{ status: 400, description: `Bad Request: chat ${chat} not found` }]);
    await postUpdate(service, textUpdate(chat, 'chong toi dang danh toi')); // rejected
    await postUpdate(service, textUpdate('blockedchat77', '/start')); // 403 blocked
    await postUpdate(service, textUpdate(chat, 'xin chao'), 'wrong-secret-x'); // 401
    await postUpdate(service, textUpdate(chat, 'xin chao'), `${SECRET}-not`); // 401
    await postUpdate(service, '{broken'); // 400
    await postUpdate(service, { ok: true, result: { event_name: 'user.follow' } }); // ignored
    // A failing connection: the API root goes away.
    await fake.close();
    await postUpdate(service, textUpdate(chat, 'menu'));
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toContain('zalo-bot call failed');
    expect(log).toContain('ChannelRejectedError');
    expect(log).toContain('RecipientGoneError');
    expect(log).toContain('ChannelConnectionError');
    expect(log).toContain('update ignored');
    for (const secret of [
      TOKEN,
      TOKEN.split(':')[1] as string,
      SECRET,
      chat,
      'blockedchat77',
      'danh toi',
      'xin chao',
    ]) {
      expect(log, secret).not.toContain(secret);
    }
  });
});
