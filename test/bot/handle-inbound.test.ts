import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInbound } from '../../src/bot/handle-inbound.ts';
import type { Inbound } from '../../src/bot/types.ts';
import { getSession } from '../../src/db/queries/conversation.ts';
import { getSubscriber } from '../../src/db/queries/subscribers.ts';
import type { Service } from '../../src/service.ts';
import { testDatabases } from '../support/db.ts';
import { tablesContaining, testService } from '../support/service.ts';

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

describe.each(testDatabases)('a turn through the pipeline on $name', (kind) => {
  let service: Service;
  beforeAll(async () => {
    service = await testService(kind);
  });
  afterAll(async () => {
    await service?.close();
  });
  const text = (chatId: string, t: string): Inbound => ({
    channel: 'webchat',
    chatId,
    kind: 'text',
    text: t,
  });

  it('answers danger first with 113 and records only an anonymous event', async () => {
    const chatId = randomUUID();
    for (const t of ['chồng tôi đang đánh tôi', 'chong toi dang danh toi']) {
      const out = await handleInbound(service.bot, text(chatId, t));
      if (out.duplicate) throw new Error('not a duplicate');
      expect(out.result.intent).toBe('emergency');
      expect(out.result.replies[0]?.text).toContain('113');
    }
    const events = rows<{ kind: string; channel: string }>(
      await service.database.db.execute(sql`select kind, channel from stat_events where kind = 'emergency'`),
    );
    expect(events.length).toBeGreaterThanOrEqual(2);
    // Nothing the user typed is stored, and no table holds the text.
    expect(await tablesContaining(service, 'đang đánh')).toEqual([]);
    expect(await tablesContaining(service, 'dang danh')).toEqual([]);
  });

  it('subscribes, then deletes every row that carries the chat id', async () => {
    const chatId = randomUUID();
    const k = { channel: 'webchat', chatId };
    await handleInbound(service.bot, { channel: 'webchat', chatId, kind: 'start' });
    await handleInbound(service.bot, text(chatId, '/subscribe'));
    expect(await getSubscriber(service.database.db, k)).toMatchObject({ subscribed: true, locale: 'vi' });
    expect(await getSession(service.database.db, k)).not.toBeNull();
    expect(await tablesContaining(service, chatId)).toEqual(
      expect.arrayContaining(['subscribers', 'sessions']),
    );

    const out = await handleInbound(service.bot, text(chatId, 'xóa dữ liệu'));
    if (out.duplicate) throw new Error('not a duplicate');
    expect(out.result.intent).toBe('privacy');
    expect(await tablesContaining(service, chatId)).toEqual([]);
  });

  it('handles a re-delivered update once', async () => {
    const chatId = randomUUID();
    const first = await handleInbound(service.bot, text(chatId, '/subscribe'), { updateId: `${chatId}:1` });
    const again = await handleInbound(service.bot, text(chatId, '/subscribe'), { updateId: `${chatId}:1` });
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
  });

  it('keeps an unanswered question without any chat id', async () => {
    const chatId = randomUUID();
    const q = `câu hỏi lạ về xyzzy quixotic ${kind.name}`;
    const out = await handleInbound(service.bot, text(chatId, q));
    if (out.duplicate) throw new Error('not a duplicate');
    expect(out.result.intent).toBe('out_of_scope');
    expect(await tablesContaining(service, q)).toEqual(['unanswered_questions']);
    const cols = rows<{ column_name: string }>(
      await service.database.db.execute(
        sql`select column_name from information_schema.columns where table_name = 'unanswered_questions'`,
      ),
    ).map((r) => r.column_name);
    expect(cols.sort()).toEqual(['created_at', 'id', 'locale', 'text']);
  });

  it('serialises concurrent turns of one chat without losing a subscription', async () => {
    const chatId = randomUUID();
    await Promise.all([
      handleInbound(service.bot, text(chatId, '/subscribe')),
      handleInbound(service.bot, text(chatId, 'menu')),
      handleInbound(service.bot, text(chatId, 'trợ giúp')),
    ]);
    expect(await getSubscriber(service.database.db, { channel: 'webchat', chatId })).toMatchObject({
      subscribed: true,
    });
  });
});
