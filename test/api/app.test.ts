import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { openTestPglite, testDatabases } from '../support/db.ts';
import { TEST_METRICS_TOKEN, testService } from '../support/service.ts';

const pglite = { name: 'pglite' as const, open: openTestPglite };

describe.each(testDatabases)('HTTP app on $name', (kind) => {
  let service: Service;
  beforeAll(async () => {
    service = await testService(kind);
  });
  afterAll(async () => {
    await service?.close();
  });
  const inject = (opts: InjectOptions | string) => service.app.inject(opts);

  it('answers /healthz, and /readyz only once started', async () => {
    expect((await inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await inject({ url: '/readyz' })).statusCode).toBe(503);
  });

  it('serves Prometheus metrics to its bearer token only, with no label that tells an emergency', async () => {
    const chat = await inject({
      method: 'POST',
      url: '/chat/api/messages',
      payload: { chatId: randomUUID(), text: 'chồng tôi đang đánh tôi' },
    });
    expect(chat.json().messages[0].text).toContain('113');
    const res = await inject({ url: '/metrics', headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('hoaban_updates_handled_total');
    expect(res.body).toContain('hoaban_webhook_latency_seconds');
    expect(res.body).toMatch(/hoaban_updates_handled_total\{channel="webchat"\} [1-9]/);
    expect(res.body).not.toMatch(/intent|emergency/);
    for (const headers of [
      {},
      { authorization: `Bearer ${TEST_METRICS_TOKEN}x` },
      { authorization: 'Basic eDp4' },
    ]) {
      const refused = await inject({ url: '/metrics', headers });
      expect(refused.statusCode).toBe(401);
      expect(refused.body).not.toContain('hoaban_');
    }
  });

  it('answers the public FAQ search with the same shape as hoaban ask --json', async () => {
    const res = await inject({
      url: `/api/v1/faq/search?q=${encodeURIComponent('nghỉ thai sản mấy tháng')}&limit=2`,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['answers', 'intent', 'reply', 'text']);
    expect(body.intent).toBe('faq');
    expect(body.answers.length).toBeGreaterThan(0);
    expect(body.answers.length).toBeLessThanOrEqual(2);
    expect(body.answers[0].citations).toContainEqual({ law: 'BLLD2019', article: '139' });
  });

  it.each([
    ['/api/v1/faq/search', /q is required/],
    ['/api/v1/faq/search?q=a&lang=fr', /lang must be vi or en/],
    ['/api/v1/faq/search?q=a&limit=9', /limit must be 1-5/],
  ])('rejects %s with 400 and a clear message', async (url, message) => {
    const res = await inject({ url });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('serves the web chat page in Vietnamese and English, with a strict CSP', async () => {
    const vi = await inject({ url: '/chat' });
    expect(vi.statusCode).toBe(200);
    expect(vi.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(vi.body).toContain('<html lang="vi">');
    expect(vi.body).toContain('113');
    expect(vi.headers['content-security-policy']).toContain("script-src 'self'");
    const en = await inject({ url: '/chat?lang=en' });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Your message');
    const js = await inject({ url: '/chat/app.js' });
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.body).not.toContain('innerHTML');
  });

  it('escapes a unit given in the page URL', async () => {
    const res = await inject({
      url: `/chat?unit=${encodeURIComponent('</script><script>alert(1)</script>')}`,
    });
    expect(res.body).not.toContain('<script>alert(1)</script>');
  });

  it('runs a conversation through the web chat endpoint', async () => {
    const chatId = randomUUID();
    const post = (body: object) =>
      inject({ method: 'POST', url: '/chat/api/messages', payload: { chatId, ...body } });
    const start = await post({ start: {} });
    expect(start.statusCode).toBe(200);
    const first = start.json().messages[0];
    expect(first.buttons.length).toBeGreaterThan(0);
    const help = await post({ text: 'chồng tôi đang đánh tôi' });
    const messages = help.json().messages;
    expect(messages[0].text).toContain('113');
    expect(messages[0].phones).toContainEqual(expect.objectContaining({ number: '113', href: 'tel:113' }));
    const pressed = await post({ action: first.buttons[0].id });
    expect(pressed.statusCode).toBe(200);
    expect(pressed.json().messages.length).toBeGreaterThan(0);
  });

  it('delivers messages sent outside a turn to the page when it polls, once', async () => {
    const chatId = randomUUID();
    const webchat = service.channels.find((c) => c.name === 'webchat');
    await webchat?.send(chatId, [
      { text: 'Tháng hành động vì bình đẳng giới', buttons: [{ id: 'menu:home', label: 'Menu' }] },
    ]);
    const poll = () => inject({ method: 'POST', url: '/chat/api/poll', payload: { chatId } });
    const first = (await poll()).json().messages;
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      text: 'Tháng hành động vì bình đẳng giới',
      buttons: [{ id: 'menu:home', label: 'Menu' }],
    });
    expect((await poll()).json().messages).toEqual([]);
    expect((await inject({ method: 'POST', url: '/chat/api/poll', payload: {} })).statusCode).toBe(400);
  });

  it.each([
    [{ text: 'hi' }, /chatId must be a UUID/],
    [{ chatId: randomUUID() }, /send one of text, action, location or start/],
    [{ chatId: randomUUID(), text: '   ' }, /text is empty/],
    [{ chatId: randomUUID(), text: 'x'.repeat(2001) }, /over 2000/],
    [{ chatId: randomUUID(), location: { lat: 200, lon: 0 } }, /lat must be -90..90/],
    [{ text: 'hi', chatId: 'not-a-uuid' }, /chatId must be a UUID/],
  ])('rejects a malformed web chat message with 400 and stores nothing', async (payload, message) => {
    const res = await inject({ method: 'POST', url: '/chat/api/messages', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('rejects invalid JSON with 400 and a body over 1 MiB with 413', async () => {
    const bad = await inject({
      method: 'POST',
      url: '/chat/api/messages',
      headers: { 'content-type': 'application/json' },
      payload: '{"chatId":',
    });
    expect(bad.statusCode).toBe(400);
    const big = await inject({
      method: 'POST',
      url: '/chat/api/messages',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ chatId: randomUUID(), text: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(big.statusCode).toBe(413);
  });

  it('hides the details of an internal error', async () => {
    const broken = await testService(pglite);
    await broken.database.close();
    const res = await broken.app.inject({
      method: 'POST',
      url: '/chat/api/messages',
      payload: { chatId: randomUUID(), text: 'menu' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal_error', message: 'Internal error' });
    await broken.app.close();
  });

  it('answers 404 as JSON', async () => {
    const res = await inject({ url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not_found');
  });
});
