import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { newApiToken, sha256Hex } from '../../src/api/auth/tokens.ts';
import {
  HEARTBEAT_MS,
  openEventStreams,
  PROGRESS_POLL_MS,
  STREAMS_PER_ACCOUNT,
} from '../../src/api/routes/broadcasts/events.ts';
import { loadConfig } from '../../src/config.ts';
import { insertApiToken } from '../../src/db/queries/accounts.ts';
import { subscribe } from '../../src/db/queries/subscribers.ts';
import { broadcasts, deliveries } from '../../src/db/schema/broadcasts.ts';
import { subscribers } from '../../src/db/schema/subscribers.ts';
import type { Service } from '../../src/service.ts';
import { createAccount, loginCookie } from '../support/console.ts';
import { openTestPglite, testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';

const TOKEN = 'sse-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

interface SseEvent {
  event?: string;
  data?: string;
  comment?: string;
  at: number;
}

/** Reads a text/event-stream response event by event, as the console's EventSource would. */
function eventReader(res: Response) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let closed = false;
  const queue: SseEvent[] = [];
  return {
    get closed() {
      return closed;
    },
    /** The next event (or comment), or undefined when the server closed the stream. */
    async next(timeoutMs = 5000): Promise<SseEvent | undefined> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const shifted = queue.shift();
        if (shifted) return shifted;
        if (closed) return undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('no event in time')), Math.max(1, deadline - Date.now())),
          ),
        ]);
        if (chunk.done) closed = true;
        else buffer += decoder.decode(chunk.value, { stream: true });
        let i = buffer.indexOf('\n\n');
        while (i >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const e: SseEvent = { at: Date.now() };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) e.comment = line.slice(1).trim();
            else if (line.startsWith('event: ')) e.event = line.slice(7);
            else if (line.startsWith('data: ')) e.data = line.slice(6);
          }
          queue.push(e);
          i = buffer.indexOf('\n\n');
        }
      }
    },
    cancel: () => reader.cancel(),
  };
}

async function until(check: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The service's own pieces on a real HTTP port, without a delivery engine touching the rows. */
async function listen(service: Service): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildApp({
    config: loadConfig({ PORT: '0', ADMIN_TOKEN: TOKEN }),
    bot: service.bot,
    metrics: service.metrics,
    channels: [],
    ready: () => true,
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base };
}

describe.each(testDatabases)('broadcast progress stream on $name', (kind) => {
  let service: Service;
  let app: FastifyInstance;
  let base: string;
  const subscriberIds: number[] = [];

  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN });
    ({ app, base } = await listen(service));
    for (const chatId of ['a', 'b', 'c'])
      await subscribe(
        service.database.db,
        { channel: 'telegram', chatId },
        { locale: 'vi', unit: null, now: new Date() },
      );
    for (const r of await service.database.db.select().from(subscribers)) subscriberIds.push(r.id);
  });
  afterAll(async () => {
    await app?.close();
    await service?.close();
  });

  /** A broadcast being sent, with one pending delivery row per subscriber. */
  async function sendingBroadcast(): Promise<number> {
    const res = await fetch(`${base}/api/v1/broadcasts`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ message: { vi: 'Tin nhắn thử' } }),
    });
    const id = ((await res.json()) as { id: number }).id;
    const db = service.database.db;
    await db.update(broadcasts).set({ status: 'sending', total: 3 }).where(eq(broadcasts.id, id));
    await db
      .insert(deliveries)
      .values(
        subscriberIds.map((s) => ({ broadcastId: id, subscriberId: s, channel: 'telegram', locale: 'vi' })),
      );
    return id;
  }
  const events = (id: number | string, headers: Record<string, string> = auth) =>
    fetch(`${base}/api/v1/broadcasts/${id}/events`, { headers });
  const mark = (id: number, s: number[], status: 'sent' | 'sending') =>
    service.database.db
      .update(deliveries)
      .set({ status })
      .where(and(eq(deliveries.broadcastId, id), inArray(deliveries.subscriberId, s)));

  it('refuses without the token and answers 404 for an unknown broadcast', async () => {
    expect((await events(1, {})).status).toBe(401);
    const res = await events(987654);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('not_found');
  });

  it('sends progress on connect and on each change, then end when the broadcast is done', async () => {
    const id = await sendingBroadcast();
    const res = await events(id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const stream = eventReader(res);
    const first = await stream.next();
    expect(first?.event).toBe('progress');
    expect(JSON.parse(first?.data ?? '')).toEqual({
      id,
      status: 'sending',
      counts: { total: 3, pending: 3, sent: 0, failed: 0, skipped: 0, unknown: 0 },
    });

    // Two changes within one poll interval arrive as one event: the counts are read every 500 ms.
    await mark(id, [subscriberIds[0] as number], 'sending');
    await mark(id, [subscriberIds[0] as number], 'sent');
    const second = await stream.next();
    expect(JSON.parse(second?.data ?? '').counts).toMatchObject({ pending: 2, sent: 1 });
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(PROGRESS_POLL_MS - 50);

    await service.database.db
      .update(deliveries)
      .set({ status: 'sent' })
      .where(eq(deliveries.broadcastId, id));
    await service.database.db.update(broadcasts).set({ status: 'done' }).where(eq(broadcasts.id, id));
    const last = await stream.next();
    expect(last?.event).toBe('progress');
    expect(JSON.parse(last?.data ?? '')).toEqual({
      id,
      status: 'done',
      counts: { total: 3, pending: 0, sent: 3, failed: 0, skipped: 0, unknown: 0 },
    });
    const end = await stream.next();
    expect(end?.event).toBe('end');
    expect(JSON.parse(end?.data ?? '').status).toBe('done');
    expect(await stream.next()).toBeUndefined();
    expect(stream.closed).toBe(true);
    await until(() => openEventStreams() === 0);
  });

  it('ends when an officer cancels, with the pending rows counted as skipped', async () => {
    const id = await sendingBroadcast();
    const stream = eventReader(await events(id));
    expect((await stream.next())?.event).toBe('progress');
    const cancel = await fetch(`${base}/api/v1/broadcasts/${id}/cancel`, { method: 'POST', headers: auth });
    expect(cancel.status).toBe(200);
    const progress = await stream.next();
    expect(JSON.parse(progress?.data ?? '')).toMatchObject({
      status: 'cancelled',
      counts: { pending: 0, skipped: 3 },
    });
    expect((await stream.next())?.event).toBe('end');
    expect(await stream.next()).toBeUndefined();
  });

  it('ends at once for a broadcast already finished', async () => {
    const id = await sendingBroadcast();
    await service.database.db.update(broadcasts).set({ status: 'cancelled' }).where(eq(broadcasts.id, id));
    const stream = eventReader(await events(id));
    expect((await stream.next())?.event).toBe('progress');
    expect((await stream.next())?.event).toBe('end');
    expect(await stream.next()).toBeUndefined();
  });

  /** A province officer with a console session and an API token, for streams that outlive a change. */
  let made = 0;
  async function officer(units: string[] = []) {
    const username = `sse.officer${++made}`;
    const row = await createAccount(service.database.db, { username, role: 'officer', units });
    const login = await loginCookie(service, username, undefined, { remoteAddress: `10.9.0.${made}` });
    const token = newApiToken();
    await insertApiToken(service.database.db, {
      tokenHash: sha256Hex(token),
      accountId: row.id,
      label: 'sse',
      now: new Date(),
    });
    return { id: row.id, cookie: { cookie: login.cookie }, token: { authorization: `Bearer ${token}` } };
  }
  const patchAccount = (id: number, body: object) =>
    fetch(`${base}/api/v1/accounts/${id}`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /** Reads until the server closes the stream; how long that took after `since`. */
  async function closedAfter(stream: ReturnType<typeof eventReader>, since: number) {
    while ((await stream.next(PROGRESS_POLL_MS * 4)) !== undefined) {
      // heartbeats or progress sent before the change took effect
    }
    return Date.now() - since;
  }

  it('ends a stream at its next poll once the account is disabled, through a session or an API token', async () => {
    const id = await sendingBroadcast();
    const who = await officer();
    const bySession = eventReader(await events(id, who.cookie));
    const byToken = eventReader(await events(id, who.token));
    expect((await bySession.next())?.event).toBe('progress');
    expect((await byToken.next())?.event).toBe('progress');
    const since = Date.now();
    expect((await patchAccount(who.id, { disabled: true })).status).toBe(200);
    // The token is not revoked: only the account's disabled flag ends its stream.
    expect(await closedAfter(byToken, since)).toBeLessThan(PROGRESS_POLL_MS * 2 + 250);
    expect(await closedAfter(bySession, since)).toBeLessThan(PROGRESS_POLL_MS * 2 + 250);
    expect((await events(id, who.token)).status).toBe(401);
  });

  it('ends a stream once the account’s communes no longer cover the broadcast', async () => {
    const id = await sendingBroadcast();
    const who = await officer();
    const stream = eventReader(await events(id, who.token));
    expect((await stream.next())?.event).toBe('progress');
    const since = Date.now();
    expect((await patchAccount(who.id, { units: ['Chiềng Lao'] })).status).toBe(200);
    expect(await closedAfter(stream, since)).toBeLessThan(PROGRESS_POLL_MS * 2 + 250);
    expect((await events(id, who.token)).status).toBe(404);
  });

  it(`holds at most ${STREAMS_PER_ACCOUNT} streams per account, sessions and tokens together; a closed one frees its place`, async () => {
    const id = await sendingBroadcast();
    const who = await officer();
    const other = await officer();
    const controllers: AbortController[] = [];
    const open = async (headers: Record<string, string>) => {
      const controller = new AbortController();
      const res = await fetch(`${base}/api/v1/broadcasts/${id}/events`, {
        headers,
        signal: controller.signal,
      });
      if (res.status === 200) controllers.push(controller);
      return res;
    };
    try {
      for (let i = 0; i < STREAMS_PER_ACCOUNT; i++)
        expect((await open(i % 2 ? who.token : who.cookie)).status).toBe(200);
      const before = openEventStreams();
      for (const headers of [who.cookie, who.token]) {
        const refused = await open(headers);
        expect(refused.status).toBe(429);
        expect(await refused.json()).toMatchObject({ error: 'too_many_streams' });
      }
      expect(openEventStreams()).toBe(before);
      // Another account is not held back by this one's streams.
      expect((await open(other.cookie)).status).toBe(200);
      controllers.shift()?.abort();
      await until(() => openEventStreams() === before);
      expect((await open(who.cookie)).status).toBe(200);
      expect((await open(who.token)).status).toBe(429);
    } finally {
      for (const c of controllers) c.abort();
      await until(() => openEventStreams() === 0);
    }
  });

  it('stops polling when the client goes away', async () => {
    const id = await sendingBroadcast();
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/broadcasts/${id}/events`, {
      headers: auth,
      signal: controller.signal,
    });
    const stream = eventReader(res);
    expect((await stream.next())?.event).toBe('progress');
    expect(openEventStreams()).toBeGreaterThan(0);
    controller.abort();
    await until(() => openEventStreams() === 0);
  });
});

describe('broadcast progress stream, long-lived', () => {
  let service: Service;
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    service = await testService({ name: 'pglite', open: openTestPglite }, { ADMIN_TOKEN: TOKEN });
    ({ app, base } = await listen(service));
  });
  afterAll(async () => {
    await app?.close();
    await service?.close();
  });

  it(
    'sends a heartbeat comment every 15 s while nothing changes, and closes the stream when the app stops',
    async () => {
      const created = await fetch(`${base}/api/v1/broadcasts`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ message: { vi: 'Tin nhắn thử' } }),
      });
      const { id } = (await created.json()) as { id: number };
      const stream = eventReader(await fetch(`${base}/api/v1/broadcasts/${id}/events`, { headers: auth }));
      const first = await stream.next();
      expect(first?.event).toBe('progress');
      const beat = await stream.next(HEARTBEAT_MS + 2000);
      expect(beat?.comment).toBe('heartbeat');
      expect((beat?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(HEARTBEAT_MS - 100);
      const started = Date.now();
      await app.close();
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await stream.next()).toBeUndefined();
      expect(openEventStreams()).toBe(0);
    },
    HEARTBEAT_MS + 10_000,
  );
});
