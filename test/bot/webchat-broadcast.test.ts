import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { TestGate } from '../fakes/gate.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';

const CHAT = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe.each(testDatabases)('web chat broadcasts on $name', (kind) => {
  let service: Service;
  beforeAll(async () => {
    service = await testService(kind, { WEBCHAT: 'on' });
  });
  afterAll(() => service?.close());

  it('queues the message in the outbox with the media as a link line; the page polls it once', async () => {
    const web = service.channels.find((c) => c.name === 'webchat');
    expect(await web?.checkBroadcast(CHAT)).toEqual({ ok: true });
    const gate = new TestGate();
    const clip = 'https://radio.example.vn/thai.mp3';
    await web?.sendBroadcast(CHAT, { text: 'Bản tin', media: { kind: 'audio', url: clip } }, gate);
    expect(gate.acquired).toBe(1);
    const poll = () =>
      service.app.inject({ method: 'POST', url: '/chat/api/poll', payload: { chatId: CHAT } });
    expect((await poll()).json().messages.map((m: { text: string }) => m.text)).toEqual([
      `Bản tin\n\n${clip}`,
    ]);
    expect((await poll()).json().messages).toEqual([]);
  });
});
