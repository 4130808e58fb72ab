import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelConfigError } from '../../src/bot/channels/errors.ts';
import type { Service } from '../../src/service.ts';
import { type FakeZaloBotApi, startFakeZaloBot } from '../fakes/zalo-bot-api.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { payload, USER } from './cases.ts';
import { TOKEN, textEvent, zaloBotEnv } from './support.ts';

const pglite = { name: 'pglite' as const, open: openTestPglite };

describe('Zalo Bot getUpdates polling (no PUBLIC_URL)', () => {
  let fake: FakeZaloBotApi;
  let service: Service;
  beforeAll(async () => {
    fake = await startFakeZaloBot({ token: TOKEN });
    // A webhook left from an earlier deployment: polling must remove it first.
    fake.webhook = { url: 'https://old.example.org/webhooks/zalo-bot', secret: 'old-secret-1' };
    service = await testService(pglite, zaloBotEnv(fake, 'polling'));
    await service.start();
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it('removes any webhook, then polls; there is no webhook route', async () => {
    expect(fake.callsOf('setWebhook')).toHaveLength(0);
    expect(fake.callsOf('deleteWebhook')).toHaveLength(1);
    await fake.waitFor((calls) => calls.some((c) => c.method === 'getUpdates'));
    const methods = fake.callsOf().map((c) => c.method);
    expect(methods.indexOf('deleteWebhook')).toBeLessThan(methods.indexOf('getUpdates'));
    expect(fake.callsOf('getUpdates')[0]?.body).toEqual({ timeout: '25' });
    const res = await service.app.inject({ method: 'POST', url: '/webhooks/zalo-bot', payload: {} });
    expect(res.statusCode).toBe(404);
  });

  it('answers polled updates in order through the same path as the webhook, each once', async () => {
    const start = textEvent('poll1', '/start');
    fake.pushUpdate(start);
    fake.pushUpdate({ event_name: 'user.follow' });
    fake.pushUpdate({ event_name: 42 });
    fake.pushUpdate(textEvent('poll1', '2'));
    fake.pushUpdate(start); // delivered again: handled once
    fake.pushUpdate(textEvent('poll1', 'nghỉ thai sản mấy tháng'));
    await fake.waitFor(() => fake.textsTo('poll1').some((t) => t.includes('Căn cứ: Điều 139')));
    const texts = fake.textsTo('poll1');
    expect(texts[0]).toContain('1. ');
    expect(texts[1]).toContain('Bạn đang ở xã, phường nào?');
    expect(texts.filter((t) => t === texts[0])).toHaveLength(1);
  });

  it('reads the documented getUpdates shape (a message without event_name)', async () => {
    const inner = (payload('polled_without_event_name') as { result: unknown }).result;
    const before = fake.textsTo(USER).length;
    fake.pushUpdate(inner);
    await fake.waitFor(() => fake.textsTo(USER).length > before);
  });

  it('keeps polling after an empty wait (408) and after a server error', async () => {
    fake.failNext.set('getUpdates', [
      { status: 408, description: 'Request timeout' },
      { status: 502, description: 'Bad Gateway' },
    ]);
    // Wake the poll in flight with an update, so the next two polls meet the failures.
    fake.pushUpdate(textEvent('poll2', 'menu'));
    await fake.waitFor(() => fake.textsTo('poll2').length > 0);
    await fake.waitFor(() => (fake.failNext.get('getUpdates') ?? []).length === 0);
    fake.pushUpdate(textEvent('poll2', '/help'));
    await fake.waitFor(() => fake.textsTo('poll2').length > 1, 8000);
  });

  it('stops promptly, aborting the long poll in flight', async () => {
    const started = Date.now();
    await service.close();
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('Zalo Bot start-up', () => {
  it('fails with a configuration error when the token is wrong', async () => {
    const fake = await startFakeZaloBot({ token: 'another:token' });
    const service = await testService(pglite, zaloBotEnv(fake));
    try {
      await expect(service.start()).rejects.toBeInstanceOf(ChannelConfigError);
      expect(fake.callsOf()).toHaveLength(0);
    } finally {
      await service.close();
      await fake.close();
    }
  });
});
