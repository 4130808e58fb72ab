import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAdmin } from '../../src/api/auth.ts';
import type { Service } from '../../src/service.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { TOKEN, telegramEnv } from './support.ts';

const ADMIN = 'admin-token-0123456789';
const auth = (token = ADMIN) => ({ authorization: `Bearer ${token}` });

describe('officers’ units API: poster links and QR codes', () => {
  let fake: FakeTelegramApi;
  let service: Service;
  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN, username: 'hoaban_sonla_bot' });
    service = await testService(
      { name: 'pglite', open: openTestPglite },
      telegramEnv(fake, { ADMIN_TOKEN: ADMIN }),
    );
  });
  afterAll(async () => {
    await service?.close();
    await fake?.close();
  });
  const get = (url: string, headers: Record<string, string> = auth()) => service.app.inject({ url, headers });

  it.each([
    ['no header', {}],
    ['a wrong token', auth('admin-token-0123456780')],
    ['a prefix of the token', auth(ADMIN.slice(0, -1))],
    ['another scheme', { authorization: `Basic ${ADMIN}` }],
  ])('refuses %s with 401', async (_name, headers) => {
    for (const url of [
      '/api/v1/units',
      '/api/v1/units/chieng-lao/telegram-link',
      '/api/v1/units/chieng-lao/telegram-qr.svg',
    ]) {
      const res = await get(url, headers as Record<string, string>);
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toBe('unauthorized');
    }
  });

  it('lists the 75 units with their slugs', async () => {
    const res = await get('/api/v1/units');
    expect(res.statusCode).toBe(200);
    const units = res.json().units as Array<{ name: string; slug: string }>;
    expect(units).toHaveLength(75);
    expect(units).toContainEqual(
      expect.objectContaining({ name: 'Chiềng Lao', slug: 'chieng-lao', kind: 'commune' }),
    );
    expect(new Set(units.map((u) => u.slug)).size).toBe(75);
  });

  it('answers 503 for links until the bot has started and knows its name', async () => {
    const res = await get('/api/v1/units/chieng-lao/telegram-link');
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toMatch(/not started/);
  });

  it('gives the deep link and its QR code (SVG and PNG) once started', async () => {
    await service.start();
    const link = await get('/api/v1/units/chieng-lao/telegram-link');
    expect(link.statusCode).toBe(200);
    expect(link.json()).toEqual({
      unit: 'Chiềng Lao',
      url: 'https://t.me/hoaban_sonla_bot?start=chieng-lao',
    });
    const svg = await get('/api/v1/units/chieng-lao/telegram-qr.svg');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const png = await get('/api/v1/units/chieng-lao/telegram-qr.png');
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });

  it('answers 404 for an unknown slug', async () => {
    const res = await get('/api/v1/units/khong-co/telegram-link');
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain('khong-co');
  });
});

describe('units API without Telegram', () => {
  it('says Telegram is not configured', async () => {
    const service = await testService({ name: 'pglite', open: openTestPglite }, { ADMIN_TOKEN: ADMIN });
    try {
      const res = await service.app.inject({
        url: '/api/v1/units/chieng-lao/telegram-link',
        headers: auth(),
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().message).toBe('Telegram is not configured');
    } finally {
      await service.close();
    }
  });
});

describe('requireAdmin', () => {
  it('refuses everything when no ADMIN_TOKEN is configured', async () => {
    const app = Fastify();
    app.get('/x', { preHandler: requireAdmin(undefined) }, async () => ({ ok: true }));
    for (const authorization of ['Bearer ', 'Bearer undefined', 'Bearer x']) {
      expect((await app.inject({ url: '/x', headers: { authorization } })).statusCode).toBe(401);
    }
    await app.close();
  });

  it('accepts the configured token', async () => {
    const app = Fastify();
    app.get('/x', { preHandler: requireAdmin(ADMIN) }, async () => ({ ok: true }));
    expect((await app.inject({ url: '/x', headers: auth() })).statusCode).toBe(200);
    await app.close();
  });
});
