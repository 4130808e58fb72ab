import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { payload } from './cases.ts';
import { TOKEN, telegramEnv, textUpdate } from './support.ts';

describe('Telegram long polling (no PUBLIC_URL)', () => {
  let fake: FakeTelegramApi;
  let service: Service;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN, perChatBurst: 20 });
    service = await testService({ name: 'pglite', open: openTestPglite }, telegramEnv(fake));
    await service.start();
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it('removes any webhook and polls with the allowed update types; no webhook route', async () => {
    expect(fake.callsOf('setWebhook')).toHaveLength(0);
    expect(fake.callsOf('deleteWebhook')[0]?.body).toEqual({ drop_pending_updates: false });
    await fake.waitFor((calls) => calls.some((c) => c.method === 'getUpdates'));
    expect(fake.callsOf('getUpdates')[0]?.body).toMatchObject({
      offset: 0,
      allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
    });
    const res = await service.app.inject({ method: 'POST', url: '/webhooks/telegram', payload: {} });
    expect(res.statusCode).toBe(404);
  });

  it('answers polled updates in order through the same path as the webhook', async () => {
    fake.pushUpdate(textUpdate(3001, '/start'));
    fake.pushUpdate(payload('edited_message'));
    fake.pushUpdate({ update_id: 'bad' });
    const question = textUpdate(3001, 'nghỉ thai sản mấy tháng');
    fake.pushUpdate(question);
    await fake.waitFor(() => fake.sentTo(3001).some((m) => String(m.text).includes('Điều 139')));
    expect(fake.sentTo(3001)[0]?.text).toContain('Hoa Ban');
    // The offset moves past what was handled, so nothing comes twice.
    await fake.waitFor((calls) =>
      calls.some((c) => c.method === 'getUpdates' && Number(c.body.offset) === question.update_id + 1),
    );
  });

  it('stops promptly, aborting the long poll in flight', async () => {
    const started = Date.now();
    await service.close();
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
