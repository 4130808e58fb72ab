import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { openTestPglite } from '../support/db.ts';
import { expectLogHolds, loggedTestService } from '../support/service.ts';
import { postUpdate, SECRET, TOKEN, telegramEnv, textUpdate } from './support.ts';

describe('logs never carry the bot token, chat ids or message text', () => {
  let lines: string[] = [];
  let fake: FakeTelegramApi;
  let service: Service;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN, perChatBurst: 1 });
    const env = telegramEnv(fake, {
      PUBLIC_URL: 'https://hoaban.example.org',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    ({ service, lines } = await loggedTestService(await openTestPglite(), env));
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
    expectLogHolds(
      lines,
      ['telegram call failed', 'ChannelRejectedError', 'RecipientGoneError', 'ChannelConnectionError'],
      [TOKEN, TOKEN.split(':')[1] as string, SECRET, String(chat), '55501', 'danh toi', 'xin chao'],
    );
  });
});
