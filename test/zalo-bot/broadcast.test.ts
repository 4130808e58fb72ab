import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelThrottledError } from '../../src/bot/channels/errors.ts';
import type { BroadcastMessage } from '../../src/bot/channels/types.ts';
import type { ZaloBotAdapter } from '../../src/bot/channels/zalo-bot/adapter.ts';
import type { Service } from '../../src/service.ts';
import { TestGate } from '../fakes/gate.ts';
import { type FakeZaloBotApi, startFakeZaloBot } from '../fakes/zalo-bot-api.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { TOKEN } from './support.ts';

const IMG = 'https://radio.example.vn/anh/28-6.jpg';
const CLIP = 'https://radio.example.vn/hmong.ogg';

/** Broadcast message -> the Zalo Bot requests made, in order. */
const CASES: Array<{ name: string; msg: BroadcastMessage; calls: Array<[string, object]> }> = [
  { name: 'text', msg: { text: 'Ngày gia đình' }, calls: [['sendMessage', { text: 'Ngày gia đình' }]] },
  {
    name: 'text over 2000 split',
    msg: { text: `${'a '.repeat(900)}\n\n${'b '.repeat(900)}` },
    calls: [
      ['sendMessage', {}],
      ['sendMessage', {}],
    ],
  },
  {
    name: 'image with caption',
    msg: { text: 'Ảnh', media: { kind: 'image', url: IMG } },
    calls: [['sendPhoto', { photo: IMG, caption: 'Ảnh' }]],
  },
  {
    name: 'audio as a link line',
    msg: { text: 'Bản tin', media: { kind: 'audio', url: CLIP } },
    calls: [['sendMessage', { text: `Bản tin\n\n${CLIP}` }]],
  },
];

describe.each(testDatabases)('Zalo Bot broadcasts on $name', (kind) => {
  let fake: FakeZaloBotApi;
  let service: Service;
  let bot: ZaloBotAdapter;
  let chat = 1;
  beforeAll(async () => {
    fake = await startFakeZaloBot({ token: TOKEN });
    service = await testService(kind, { ZALO_BOT_TOKEN: TOKEN, ZALO_BOT_API_ROOT: fake.url, WEBCHAT: 'off' });
    bot = service.channels.find((c) => c.name === 'zalo-bot') as ZaloBotAdapter;
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });

  it.each(CASES)('$name', async (c) => {
    const id = `zb-${chat++}`;
    const gate = new TestGate();
    expect(await bot.sendBroadcast(id, c.msg, gate)).toEqual({});
    const calls = fake.calls.filter((x) => x.body.chat_id === id);
    expect(calls.map((x) => x.method)).toEqual(c.calls.map(([m]) => m));
    for (const [i, [, body]] of c.calls.entries()) expect(calls[i]?.body).toMatchObject(body);
    for (const x of calls)
      if (x.method === 'sendMessage') expect(String(x.body.text).length).toBeLessThanOrEqual(2000);
    expect(gate.acquired).toBe(c.calls.length);
  });

  it('a 429 pauses the gate and rethrows ChannelThrottledError, not waited out in-process', async () => {
    const id = `zb-${chat++}`;
    fake.inject(1, { status: 429, retryAfter: 30 });
    const gate = new TestGate();
    const started = Date.now();
    const err = await bot.sendBroadcast(id, { text: 'x' }, gate).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelThrottledError);
    expect(gate.pauses).toEqual([30]);
    expect(Date.now() - started).toBeLessThan(2000);
    fake.limiter.pausedUntil = 0;
  });
});
