import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { getTokens } from '../../src/db/queries/zalo-oa.ts';
import { createService, type Service } from '../../src/service.ts';
import type { FakeZaloOaApi } from '../fakes/zalo-oa-api.ts';
import { openTestPglite } from '../support/db.ts';
import {
  ACCESS,
  APP_SECRET,
  oaEnv,
  postEvent,
  REFRESH,
  SECRET_KEY,
  say,
  startFake,
  textEvent,
} from './support.ts';

describe('Zalo OA logs never carry tokens, secrets, user ids or message text', () => {
  const lines: string[] = [];
  let fake: FakeZaloOaApi;
  let service: Service;
  beforeAll(async () => {
    fake = await startFake();
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    service = await createService(loadConfig({ PORT: '0', ...oaEnv(fake) }), {
      database: await openTestPglite(),
      logger: { level: 'trace', stream },
    });
    await service.start();
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it('holds through traffic, refused sends, an expired token, bad requests and a lost API', async () => {
    const tokens = [ACCESS, REFRESH];
    await say(service, fake, textEvent('4400001', 'chong toi dang danh toi'));
    fake.failNext.push(-201);
    await say(service, fake, textEvent('4400001', 'xin chao ban'));
    fake.unfollowed.add('4400002');
    await say(service, fake, textEvent('4400002', 'menu'));
    const current = await getTokens(service.database.db);
    tokens.push(current?.accessToken as string, current?.refreshToken as string);
    fake.expire(current?.accessToken as string);
    await say(service, fake, textEvent('4400003', 'menu'));
    const next = await getTokens(service.database.db);
    tokens.push(next?.accessToken as string, next?.refreshToken as string);
    await postEvent(service, textEvent('4400004', 'bi mat'), 'mac=wrong');
    await postEvent(service, '{broken');
    await postEvent(service, textEvent('4400005', 'cu qua', Date.now() - 3600 * 1000));
    await fake.close();
    await say(service, fake, textEvent('4400006', 'menu'));
    const log = lines.join('');
    expect(log).toContain('zalo-oa call failed');
    expect(log).toContain('ChannelRejectedError');
    expect(log).toContain('RecipientGoneError');
    expect(log).toContain('ChannelConnectionError');
    expect(log).toContain('event ignored');
    expect(new Set(tokens).size).toBe(6);
    for (const secret of [
      ...tokens,
      SECRET_KEY,
      APP_SECRET,
      '4400001',
      '4400002',
      '4400004',
      '4400006',
      'danh toi',
      'xin chao',
      'bi mat',
    ]) {
      expect(log, secret).not.toContain(secret);
    }
  });
});
