/**
 * Bad input, property-based: random and mutated payloads at every webhook, random query strings,
 * bodies and path parameters at every /api/v1 route and every console page. Never a 5xx, the process
 * keeps serving, and a request without the right secret, signature or credentials is refused with
 * 401 and stores nothing (the row count of every table is unchanged).
 * The seed is fixed (FC_SEED overrides it) and printed by fast-check on a failure.
 */
import { createHash } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describedRoutes } from '../../src/api/openapi-registry.ts';
import type { ZaloOaAdapter } from '../../src/bot/channels/zalo-oa/adapter.ts';
import { signatureFor } from '../../src/bot/channels/zalo-oa/update.ts';
import type { Service } from '../../src/service.ts';
import { type FakeTelegramApi, startFakeTelegram } from '../fakes/telegram-api.ts';
import { type FakeZaloBotApi, startFakeZaloBot } from '../fakes/zalo-bot-api.ts';
import type { FakeZaloOaApi } from '../fakes/zalo-oa-api.ts';
import { createAccount, loginCookie } from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';
import { SECRET as TG_SECRET, TOKEN as TG_TOKEN, telegramEnv } from '../telegram/support.ts';
import { SECRET as ZB_SECRET, TOKEN as ZB_TOKEN, zaloBotEnv } from '../zalo-bot/support.ts';
import { APP_ID, oaEnv, SECRET_KEY, startFake as startFakeOa } from '../zalo-oa/support.ts';
import {
  fillPath,
  jsonBody,
  mutatedPayload,
  oddSpelling,
  pathParam,
  queryString,
  type RawBody,
  rawBody,
  recordedPayloads,
  routeRecorder,
  rowCounts,
  SEED,
} from './support.ts';

const RUNS = Number(process.env.FC_RUNS ?? 150);
/** Runs per route and property for /api/v1 and /admin (many routes: the sum stays in seconds). */
const ROUTE_RUNS = Number(process.env.FC_ROUTE_RUNS ?? 25);
const ADMIN_TOKEN = 'resilience-admin-token-0123456789';

/** Tables the service writes on its own timers whatever the requests, left out of the row counts. */
const BACKGROUND_TABLES: Record<string, string> = {
  delivery_workers: "this replica's broadcast worker heartbeat, upserted and expired by its own loop",
};

/** Routes fuzzed with made-up ids only: with a real one the response is a stream that stays open. */
const STREAMS = new Set(['GET /api/v1/broadcasts/:id/events']);

/** Routes left out, each with why. */
const EXCLUDED: Record<string, string> = {};

const decodable = (url: string) => {
  try {
    decodeURI(url);
    return true;
  } catch {
    return false;
  }
};

/** JSON that Fastify's parser accepts (it refuses __proto__ and constructor.prototype keys). */
const plainJson = (payload: unknown) => {
  if (typeof payload !== 'string' || /"(__proto__|constructor)"/.test(payload)) return false;
  try {
    JSON.parse(payload);
    return true;
  } catch {
    return false;
  }
};

let serial = 0;
const fresh = () => ++serial;

function send(
  service: Service,
  url: string,
  body: RawBody,
  headers: Record<string, string> = {},
  method: InjectOptions['method'] = 'POST',
) {
  const opts: InjectOptions = {
    method,
    url,
    headers: { ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }), ...headers },
    payload: body.payload,
  };
  return service.app.inject(opts);
}

/** The X-ZEvent-Signature of a raw body as Zalo makes it (from the body's own app_id and timestamp). */
function oaSignature(raw: string | Buffer): string {
  let env: { app_id?: unknown; timestamp?: unknown } = {};
  try {
    const parsed = JSON.parse(raw.toString());
    if (parsed && typeof parsed === 'object') env = parsed;
  } catch {}
  return signatureFor(
    String(env.app_id ?? APP_ID),
    Buffer.from(raw),
    String(env.timestamp ?? ''),
    SECRET_KEY,
  );
}

const telegramBodies = fc.oneof(
  jsonBody(
    mutatedPayload(recordedPayloads('telegram'), (p) => {
      p.update_id = 7_000_000 + fresh();
    }),
  ),
  jsonBody(fc.jsonValue()),
  rawBody,
);
const zaloBotBodies = fc.oneof(
  jsonBody(
    mutatedPayload(recordedPayloads('zalo-bot'), (p) => {
      const m = (p.result as { message?: Record<string, unknown> } | undefined)?.message;
      if (m) m.message_id = `fuzz${fresh()}`;
    }),
  ),
  jsonBody(fc.jsonValue()),
  rawBody,
);
const zaloOaBodies = fc.oneof(
  jsonBody(
    mutatedPayload(recordedPayloads('zalo-oa'), (p) => {
      p.app_id = APP_ID;
      p.timestamp = String(Date.now());
      const m = p.message as Record<string, unknown> | undefined;
      if (m && 'msg_id' in m) m.msg_id = `fuzz${fresh()}`;
    }),
  ),
  jsonBody(fc.jsonValue()),
  jsonBody(
    fc.record({
      app_id: fc.constant(APP_ID),
      timestamp: fc.constant(String(Date.now())),
      event_name: fc.string(),
    }),
  ),
  rawBody,
);

const params = { seed: SEED, numRuns: RUNS, endOnFailure: true };

describe.each(testDatabases)('bad input on $name', (kind) => {
  let tg: FakeTelegramApi;
  let zb: FakeZaloBotApi;
  let oa: FakeZaloOaApi;
  let service: Service;
  const routes: Array<{ method: string; url: string }> = [];
  const drain = () => (service.channels.find((c) => c.name === 'zalo-oa') as ZaloOaAdapter).drain();
  const healthy = async () => expect((await service.app.inject({ url: '/healthz' })).statusCode).toBe(200);

  /** Runs `body` and checks that no table gained or lost a row meanwhile. */
  const storesNothing = async (body: () => Promise<void>) => {
    await drain();
    const before = await rowCounts(service, Object.keys(BACKGROUND_TABLES));
    await body();
    await drain();
    expect(await rowCounts(service, Object.keys(BACKGROUND_TABLES))).toEqual(before);
  };

  beforeAll(async () => {
    [tg, zb, oa] = await Promise.all([
      startFakeTelegram({ token: TG_TOKEN, perChatBurst: 1000 }),
      startFakeZaloBot({ token: ZB_TOKEN }),
      startFakeOa(),
    ]);
    const record = routeRecorder(routes);
    diagnostics.subscribe('fastify.initialization', record);
    try {
      service = await testService(kind, {
        ...telegramEnv(tg, { PUBLIC_URL: 'https://hoaban.example.org', TELEGRAM_WEBHOOK_SECRET: TG_SECRET }),
        ...zaloBotEnv(zb),
        ...oaEnv(oa),
        WEBCHAT: 'on',
        ADMIN_TOKEN,
        QUIET_HOURS: 'off',
      });
    } finally {
      diagnostics.unsubscribe('fastify.initialization', record);
    }
    await service.start();
  });
  afterAll(async () => {
    await service?.close();
    await Promise.all([tg?.close(), zb?.close(), oa?.close()]);
  });

  it('webhooks without the right secret or signature: 401 and nothing stored', async () => {
    const wrong = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 300 }).filter((s) => s !== TG_SECRET && s !== ZB_SECRET),
    );
    const anyBody = fc.oneof(telegramBodies, zaloBotBodies, zaloOaBodies);
    await storesNothing(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            ['/webhooks/telegram', 'x-telegram-bot-api-secret-token'],
            ['/webhooks/zalo-bot', 'x-bot-api-secret-token'],
            ['/webhooks/zalo-oa', 'x-zevent-signature'],
          ),
          wrong,
          anyBody,
          async ([url, header], secret, body) => {
            const headers: Record<string, string> = {};
            // A header value must be a valid HTTP token; odd ones go as a near miss of the real value.
            if (secret !== undefined)
              headers[header] = /^[\x21-\x7e]*$/.test(secret) ? secret : `${TG_SECRET}x`;
            if (url === '/webhooks/zalo-oa' && secret !== undefined)
              headers[header] = `mac=${createHash('sha256').update(secret).digest('hex')}`;
            const res = await send(service, url, body, headers);
            // Zalo OA signs the body's app_id and timestamp: a body without them cannot be checked (400).
            // Its content type is negotiated before that too (415).
            const allowed = url === '/webhooks/zalo-oa' ? [400, 401, 415] : [401];
            expect(allowed, `${url} ${res.statusCode} ${res.body}`).toContain(res.statusCode);
          },
        ),
        params,
      );
    });
    await healthy();
  });

  it('Zalo OA events with a valid envelope and a wrong or missing signature: 401 and nothing stored', async () => {
    const events = recordedPayloads('zalo-oa').map((p) => ({
      ...(p as object),
      app_id: APP_ID,
      timestamp: String(Date.now()),
    }));
    await storesNothing(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...events),
          fc.option(
            fc.oneof(
              fc
                .uint8Array({ minLength: 32, maxLength: 32 })
                .map((b) => `mac=${Buffer.from(b).toString('hex')}`),
              fc.string({ unit: 'grapheme-ascii' }),
            ),
          ),
          async (event, signature) => {
            const raw = JSON.stringify(event);
            const headers: Record<string, string> = {};
            if (signature !== null && /^[\x20-\x7e]*$/.test(signature))
              headers['x-zevent-signature'] = signature;
            expect(headers['x-zevent-signature']).not.toBe(oaSignature(raw));
            const res = await send(
              service,
              '/webhooks/zalo-oa',
              { payload: raw, contentType: 'application/json' },
              headers,
            );
            expect(res.statusCode, res.body).toBe(401);
          },
        ),
        params,
      );
    });
  });

  it.each([
    ['/webhooks/telegram', () => telegramBodies, { 'x-telegram-bot-api-secret-token': TG_SECRET }],
    ['/webhooks/zalo-bot', () => zaloBotBodies, { 'x-bot-api-secret-token': ZB_SECRET }],
  ] as const)(
    'POST %s with the right secret and random or mutated bodies: never a 5xx',
    async (url, bodies, headers) => {
      const seen = new Set<number>();
      await fc.assert(
        fc.asyncProperty(bodies(), async (body) => {
          const res = await send(service, url, body, headers);
          expect(res.statusCode, res.body).toBeLessThan(500);
          seen.add(res.statusCode);
        }),
        params,
      );
      // The bodies reach both sides: some handled or ignored (200), some refused as malformed (400).
      expect([...seen]).toEqual(expect.arrayContaining([200, 400]));
      await healthy();
    },
  );

  it('POST /webhooks/zalo-oa validly signed with random or mutated bodies: never a 5xx, the inbox drains', async () => {
    const seen = new Set<number>();
    const callsBefore = oa.calls.length;
    await fc.assert(
      fc.asyncProperty(zaloOaBodies, async (body) => {
        const res = await send(service, '/webhooks/zalo-oa', body, {
          'x-zevent-signature': oaSignature(body.payload),
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        seen.add(res.statusCode);
      }),
      params,
    );
    await drain();
    expect([...seen]).toEqual(expect.arrayContaining([200, 400]));
    // Some mutated events were still messages: stored in the inbox, handled and answered.
    expect(oa.calls.length).toBeGreaterThan(callsBefore);
    await healthy();
  });

  const apiRoutes = () => {
    const list = routes.filter((r) => r.url.startsWith('/api/v1/') && !EXCLUDED[`${r.method} ${r.url}`]);
    expect(list.length).toBeGreaterThan(40);
    return list;
  };
  const publicRoutes = () =>
    new Set(
      describedRoutes()
        .filter((d) => d.role === 'public')
        .map((d) => `${d.method} ${d.path}`),
    );

  const request = (method: string, url: string, param: fc.Arbitrary<string> = pathParam) =>
    fc
      .record({
        params: fc.array(param, { minLength: 1, maxLength: 3 }),
        query: queryString,
        body: fc.option(fc.oneof(jsonBody(fc.jsonValue()), rawBody), { nil: undefined }),
      })
      .map(({ params: p, query, body }) => {
        const opts: InjectOptions = {
          method: method as InjectOptions['method'],
          url: `${fillPath(url, p)}${query}`,
        };
        if (body && method !== 'GET' && method !== 'DELETE') {
          opts.payload = body.payload;
          if (body.contentType !== undefined) opts.headers = { 'content-type': body.contentType };
        }
        return opts;
      });

  it('every /api/v1 route without credentials: 401 and nothing stored', async () => {
    const open = publicRoutes();
    const bad = fc.constantFrom(
      {},
      { authorization: 'Bearer wrong-token-0123456789abcdef' },
      { authorization: `Bearer ${ADMIN_TOKEN}x` },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { cookie: 'hb_session=forged' },
    );
    let requests = 0;
    await storesNothing(async () => {
      for (const route of apiRoutes()) {
        const isPublic = open.has(`${route.method} ${route.url}`);
        await fc.assert(
          fc.asyncProperty(request(route.method, route.url), bad, async (opts, headers) => {
            requests++;
            const res = await service.app.inject({ ...opts, headers: { ...opts.headers, ...headers } });
            const where = `${opts.method} ${String(opts.url).slice(0, 300)} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
            if (isPublic) return void expect(res.statusCode, where).toBeLessThan(500);
            const allowed = new Set([401]);
            // A dot segment ("..", "%2e%2e") is resolved by URL parsing: the path names no route (404).
            if (/\/(\.|%2e){2}(\/|\?|$)/i.test(opts.url as string)) allowed.add(404);
            // A malformed escape ("%", "%E0%A4%A") is refused by the router before any route (400).
            if (!decodable(opts.url as string)) allowed.add(400);
            // A path parameter over the router's 100 characters is refused before any route (414).
            if (
              (opts.url as string)
                .split('?')[0]
                ?.split('/')
                .some((seg) => seg.length > 100)
            )
              allowed.add(414);
            // A body Fastify cannot parse is refused before authentication (400, 415): still nothing stored.
            if (opts.payload !== undefined) {
              if (opts.headers?.['content-type'] !== 'application/json') allowed.add(400).add(415);
              else if (!plainJson(opts.payload)) allowed.add(400);
            }
            expect([...allowed], where).toContain(res.statusCode);
          }),
          { ...params, numRuns: ROUTE_RUNS },
        );
      }
    });
    expect(requests).toBeGreaterThan(0);
    await healthy();
  });

  it('every mutating /api/v1 and /admin route at odd spellings of its path, with a session but no CSRF token: never a 5xx, never accepted, nothing stored', async () => {
    await createAccount(service.database.db, { username: 'fuzz-csrf-admin', role: 'admin' });
    const login = await loginCookie(service, 'fuzz-csrf-admin');
    const unsafe = routes.filter(
      (r) =>
        ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) &&
        (r.url.startsWith('/api/v1/') || r.url.startsWith('/admin/')) &&
        r.url !== '/admin/login',
    );
    expect(unsafe.length).toBeGreaterThan(25);
    const seen = new Set<number>();
    const ids = fc.oneof(pathParam, fc.constantFrom('1', '2', 'x0'));
    await storesNothing(async () => {
      for (const route of unsafe) {
        await fc.assert(
          fc.asyncProperty(
            fc.array(ids, { minLength: 1, maxLength: 3 }).chain((p) => oddSpelling(fillPath(route.url, p))),
            fc.oneof(jsonBody(fc.jsonValue({ maxDepth: 2 })), rawBody),
            fc.constantFrom<Record<string, string>>({}, { 'x-csrf-token': 'forged' }, { 'x-csrf-token': '' }),
            async (url, body, csrf) => {
              const res = await send(service, url, body, { cookie: login.cookie, ...csrf }, route.method);
              const where = `${route.method} ${url.slice(0, 300)} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
              seen.add(res.statusCode);
              expect(res.statusCode, where).toBeLessThan(500);
              // Refused before any handler: no CSRF token (403), no such route (404), a path or body
              // the router or parser refuses (400, 414, 415), or a body too large (413).
              expect([400, 403, 404, 413, 414, 415], where).toContain(res.statusCode);
              if (res.statusCode === 403) expect(res.json().error, where).toBe('csrf');
            },
          ),
          { ...params, numRuns: ROUTE_RUNS },
        );
      }
    });
    expect(seen.has(403)).toBe(true);
    await healthy();
  });

  /** Ids and slugs that exist (a draft broadcast, accounts, FAQ nodes, directory entries, units…). */
  const realIds = async (): Promise<string[]> => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const draft = await service.app.inject({
      method: 'POST',
      url: '/api/v1/broadcasts',
      headers: auth,
      payload: { message: { vi: 'Thử nghiệm' } },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const ids = new Set<string>();
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) for (const x of v.slice(0, 5)) collect(x);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (
            (k === 'id' || k === 'slug' || k === 'year') &&
            (typeof x === 'string' || typeof x === 'number')
          )
            ids.add(encodeURIComponent(String(x)));
          else collect(x);
        }
    };
    collect(draft.json());
    for (const url of [
      '/api/v1/accounts',
      '/api/v1/faq/nodes',
      '/api/v1/directory',
      '/api/v1/units',
      '/api/v1/campaigns/occurrences?year=2026',
      '/api/v1/notices',
    ]) {
      const res = await service.app.inject({ url, headers: auth });
      expect(res.statusCode, `${url} ${res.body.slice(0, 200)}`).toBe(200);
      collect(res.json());
    }
    expect(ids.size).toBeGreaterThan(5);
    return [...ids];
  };

  it('every /api/v1 route with the ADMIN_TOKEN and random input: never a 5xx', async () => {
    const seen = new Set<number>();
    const param = fc.oneof(pathParam, fc.constantFrom(...(await realIds())));
    for (const route of apiRoutes()) {
      await fc.assert(
        fc.asyncProperty(
          request(route.method, route.url, STREAMS.has(`${route.method} ${route.url}`) ? pathParam : param),
          async (opts) => {
            const res = await service.app.inject({
              ...opts,
              headers: { ...opts.headers, authorization: `Bearer ${ADMIN_TOKEN}` },
            });
            expect(
              res.statusCode,
              `${opts.method} ${String(opts.url).slice(0, 300)} -> ${res.body.slice(0, 300)}`,
            ).toBeLessThan(500);
            seen.add(res.statusCode);
          },
        ),
        { ...params, numRuns: ROUTE_RUNS },
      );
    }
    // Authenticated, some requests pass validation (200) and others are refused (400, 404).
    expect([...seen]).toEqual(expect.arrayContaining([200, 400, 404]));
    await healthy();
  });

  it('every console page under /admin with random query strings: never a 5xx, logged in or not', async () => {
    await createAccount(service.database.db, { username: 'fuzz-admin', role: 'admin' });
    const login = await loginCookie(service, 'fuzz-admin');
    const pages = routes.filter(
      (r) => r.method === 'GET' && (r.url === '/admin' || r.url.startsWith('/admin/')),
    );
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      await fc.assert(
        fc.asyncProperty(
          fc.array(pathParam, { minLength: 1, maxLength: 3 }),
          queryString,
          fc.boolean(),
          async (p, query, loggedIn) => {
            const url = `${fillPath(page.url, p)}${query}`;
            const res = await service.app.inject({ url, headers: loggedIn ? { cookie: login.cookie } : {} });
            expect(res.statusCode, `GET ${url.slice(0, 300)} -> ${res.body.slice(0, 300)}`).toBeLessThan(500);
          },
        ),
        { ...params, numRuns: ROUTE_RUNS },
      );
    }
    await healthy();
  });
});
