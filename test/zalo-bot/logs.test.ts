import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { type FakeZaloBotApi, startFakeZaloBot } from '../fakes/zalo-bot-api.ts';
import { openTestPglite } from '../support/db.ts';
import { expectLogHolds, loggedTestService } from '../support/service.ts';
import { postUpdate, SECRET, TOKEN, textUpdate, zaloBotEnv } from './support.ts';

describe('Zalo Bot logs never carry the token, the secret, chat ids or message text', () => {
  let lines: string[] = [];
  let fake: FakeZaloBotApi;
  let service: Service;
  beforeAll(async () => {
    fake = await startFakeZaloBot({ token: TOKEN });
    ({ service, lines } = await loggedTestService(await openTestPglite(), zaloBotEnv(fake)));
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
    expectLogHolds(
      lines,
      [
        'zalo-bot call failed',
        'ChannelRejectedError',
        'RecipientGoneError',
        'ChannelConnectionError',
        'update ignored',
      ],
      [TOKEN, TOKEN.split(':')[1] as string, SECRET, chat, 'blockedchat77', 'danh toi', 'xin chao'],
    );
  });
});
