/**
 * The OpenAPI document at /api/docs: every /api/v1 route registered on the app (seen through
 * Fastify's initialization channel and an onRoute hook, so a new route cannot hide) must be in it,
 * with its method; it is OpenAPI 3.1 with the zod schemas as JSON Schema; the HTML page lists the
 * routes without any script.
 */
import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';

const registered = new Set<string>();
const onInit = (message: unknown) => {
  const { fastify } = message as { fastify: FastifyInstance };
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods)
      if (route.url.startsWith('/api/v1/') && m !== 'HEAD') registered.add(`${m} ${route.url}`);
  });
};

describe('OpenAPI document', () => {
  let service: Service;
  let doc: {
    openapi: string;
    paths: Record<
      string,
      Record<string, { 'x-role': string; requestBody?: unknown; parameters?: unknown[] }>
    >;
  };
  beforeAll(async () => {
    diagnostics.subscribe('fastify.initialization', onInit);
    try {
      service = await testService({ name: 'pglite', open: openTestPglite }, { ADMIN_TOKEN: 'x'.repeat(20) });
    } finally {
      diagnostics.unsubscribe('fastify.initialization', onInit);
    }
    const res = await service.app.inject({ url: '/api/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => service?.close());

  it('describes every /api/v1 route the app registered', () => {
    expect(registered.size).toBeGreaterThan(20);
    const described = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
      ),
    );
    const missing = [...registered].filter((r) => !described.has(r)).sort();
    expect(
      missing,
      'routes not in the OpenAPI document: call describeRoute() from src/api/openapi-registry.ts next to each',
    ).toEqual([]);
    const stale = [...described].filter((r) => !registered.has(r)).sort();
    expect(stale).toEqual([]);
  });

  it('is OpenAPI 3.1 with roles, path parameters and the zod schemas as JSON Schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    const create = doc.paths['/api/v1/broadcasts']?.post as Record<string, unknown>;
    expect(create['x-role']).toBe('officer');
    const body = (create.requestBody as { content: Record<string, { schema: Record<string, unknown> }> })
      .content['application/json']?.schema;
    expect(body).toMatchObject({
      type: 'object',
      required: ['message'],
      additionalProperties: false,
      properties: { sendAt: { type: 'string', format: 'date-time' }, media: { type: 'object' } },
    });
    expect(body).not.toHaveProperty('$schema');
    expect(doc.paths['/api/v1/audit']?.get?.['x-role']).toBe('admin');
    expect(doc.paths['/api/v1/broadcasts/{id}']?.get?.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    const list = doc.paths['/api/v1/broadcasts']?.get?.parameters as Array<{ name: string; schema: object }>;
    expect(list.find((p) => p.name === 'status')?.schema).toMatchObject({
      enum: expect.arrayContaining(['awaiting_approval']),
    });
  });

  it('lists the routes on a plain page, in Vietnamese and English, with no script', async () => {
    const vi = await service.app.inject({ url: '/api/docs' });
    expect(vi.statusCode).toBe(200);
    expect(vi.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(vi.body).toContain('<html lang="vi">');
    expect(vi.body).toContain('<code>/api/v1/broadcasts/:id/approve</code>');
    expect(vi.body).toContain('href="/api/docs/openapi.json"');
    expect(vi.body).not.toContain('<script');
    const en = await service.app.inject({ url: '/api/docs?lang=en' });
    expect(en.body).toContain('Officers&#39; API');
  });
});
