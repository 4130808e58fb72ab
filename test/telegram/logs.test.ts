import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createService, type Service } from '../../src/service.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { openTestPglite } from '../support/db.ts';
import { postUpdate, SECRET, TOKEN, telegramEnv, textUpdate } from './support.ts';

describe('logs never carry the bot token, chat ids or message text', () => {
  const lines: string[] = [];
  let fake: FakeTelegramApi;
  let service: Service;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN, perChatBurst: 1 });
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const env = telegramEnv(fake, {
      PORT: '0',
      PUBLIC_URL: 'https://hoaban.example.org',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    service = await createService(loadConfig(env), {
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
    const chat = 987654321;
    fake.blocked.add('55501');
    fake.failNext.set('sendMessage', [{ status: 400, description: 'Bad Request: chat 987654321 not found' }]);
    await postUpdate(service, textUpdate(chat, 'chong toi dang danh toi')); // rejected
    await postUpdate(service, textUpdate(55501, '/start')); // 403 blocked
    await postUpdate(service, textUpdate(chat, 'xin chao'), 'wrong-secret'); // 401
    await postUpdate(service, '{broken'); // 400
    await service.app.inject({ url: `/api/v1/units/x/telegram-link?token=${TOKEN}` }); // 401
    // A failing connection: the API root goes away.
    await fake.close();
    await postUpdate(service, textUpdate(chat, 'menu'));
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toContain('telegram call failed');
    expect(log).toContain('ChannelRejectedError');
    expect(log).toContain('RecipientGoneError');
    expect(log).toContain('ChannelConnectionError');
    for (const secret of [
      TOKEN,
      TOKEN.split(':')[1] as string,
      SECRET,
      String(chat),
      '55501',
      'danh toi',
      'xin chao',
    ]) {
      expect(log, secret).not.toContain(secret);
    }
  });
});
