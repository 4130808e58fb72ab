import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInbound } from '../../src/bot/handle-inbound.ts';
import type { Inbound } from '../../src/bot/types.ts';
import { loadConfig } from '../../src/config.ts';
import { listAudit } from '../../src/db/queries/audit.ts';
import { getSession } from '../../src/db/queries/conversation.ts';
import { getSubscriber, officerCodeHash } from '../../src/db/queries/subscribers.ts';
import { officerLinkCodes } from '../../src/db/schema/campaigns.ts';
import { createService, type Service } from '../../src/service.ts';
import { openTestPglite, testDatabases } from '../support/db.ts';
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

  it('counts questions, referrals, leaving and deletion under the chat’s unit, with the kinds referred to', async () => {
    const chatId = randomUUID();
    // A day of its own, so the events of this chat can be told from the other tests' (they carry no chat id).
    const day = '2031-01-02';
    const bot = { ...service.bot, now: () => new Date(`${day}T03:00:00Z`) };
    const say = (t: string) => handleInbound(bot, text(chatId, t));
    await handleInbound(bot, { channel: 'webchat', chatId, kind: 'start', payload: 'chieng-lao' });
    await say('/subscribe');
    await say('nghỉ thai sản mấy tháng');
    await say('tìm nơi hỗ trợ ở phường Tô Hiệu');
    await say('/unsubscribe');
    await say('/deletedata');
    expect(await tablesContaining(service, chatId)).toEqual([]);
    const events = rows<{ kind: string; unit: string | null; detail: string | null; channel: string }>(
      await service.database.db.execute(
        sql`select kind, unit, detail, channel from stat_events where day = ${day} order by id`,
      ),
    );
    expect(events.filter((e) => e.kind !== 'start')).toEqual([
      { kind: 'subscribe', unit: 'Chiềng Lao', detail: null, channel: 'webchat' },
      { kind: 'faq_search', unit: 'Chiềng Lao', detail: null, channel: 'webchat' },
      {
        kind: 'referral',
        unit: 'Tô Hiệu',
        detail: 'commune_authority,hotline,police,womens_union',
        channel: 'webchat',
      },
      // The subscriber's unit wins over the unit last named in the chat.
      { kind: 'unsubscribe', unit: 'Chiềng Lao', detail: null, channel: 'webchat' },
      // Taken from the state loaded before the rows were deleted.
      { kind: 'delete_data', unit: 'Chiềng Lao', detail: null, channel: 'webchat' },
    ]);
    const cols = rows<{ column_name: string }>(
      await service.database.db.execute(
        sql`select column_name from information_schema.columns where table_name = 'stat_events'`,
      ),
    ).map((r) => r.column_name);
    // Nothing links an event to a chat: no chat id, no time finer than the day, no subscriber.
    expect(cols.sort()).toEqual(['channel', 'day', 'detail', 'faq_node', 'id', 'kind', 'unit']);
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
    // The chat is kept only as a keyed hash, for "delete my data": never its id.
    expect(cols.sort()).toEqual(['chat_ref', 'created_at', 'id', 'locale', 'text', 'unit']);
  });

  it('keeps a question with names and numbers masked, under the chat’s commune', async () => {
    const chatId = randomUUID();
    await handleInbound(service.bot, { channel: 'webchat', chatId, kind: 'start', payload: 'chieng-lao' });
    const q = `tên em là Lò Thị Mai, gọi 0912 345 678, hỏi xyzzy ${kind.name} quixotic`;
    const out = await handleInbound(service.bot, text(chatId, q));
    if (out.duplicate) throw new Error('not a duplicate');
    expect(out.result.intent).toBe('out_of_scope');
    const [row] = rows<{ text: string; unit: string | null; chat_ref: string }>(
      await service.database.db.execute(
        sql`select text, unit, chat_ref from unanswered_questions where text like ${`%xyzzy ${kind.name}%`}`,
      ),
    );
    expect(row).toMatchObject({
      text: `tên em là [tên], gọi [số điện thoại], hỏi xyzzy ${kind.name} quixotic`,
      unit: 'Chiềng Lao',
      chat_ref: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(row?.chat_ref).not.toContain(chatId);
    expect(await tablesContaining(service, 'Lò Thị Mai')).toEqual([]);
    expect(await tablesContaining(service, '345 678')).toEqual([]);
  });

  it('"delete my data" removes the chat’s own unanswered questions and nobody else’s', async () => {
    const mine = randomUUID();
    const other = randomUUID();
    const ask = (chatId: string, n: number) =>
      handleInbound(service.bot, text(chatId, `câu hỏi lạ số ${n} về plugh ${kind.name}`));
    await ask(mine, 1);
    await ask(mine, 2);
    await ask(other, 3);
    // The same chat id on another channel is another chat.
    await handleInbound(service.bot, {
      ...text(mine, `câu hỏi lạ số 4 về plugh ${kind.name}`),
      channel: 'telegram',
    });
    const left = async () =>
      rows<{ text: string }>(
        await service.database.db.execute(
          sql`select text from unanswered_questions where text like ${`%plugh ${kind.name}`} order by id`,
        ),
      ).map((r) => r.text.replace(/^câu hỏi lạ số (\d).*$/, '$1'));
    expect(await left()).toEqual(['1', '2', '3', '4']);
    const out = await handleInbound(service.bot, text(mine, 'xóa dữ liệu'));
    if (out.duplicate) throw new Error('not a duplicate');
    expect(out.result.effects.map((e) => e.type)).toContain('delete_data');
    expect(await left()).toEqual(['3', '4']);
    await handleInbound(service.bot, text(other, '/deletedata'));
    expect(await left()).toEqual(['4']);
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

  const press = (chatId: string, action: string): Inbound => ({
    channel: 'telegram',
    chatId,
    kind: 'action',
    action,
  });
  const replyOf = async (inbound: Inbound) => {
    const out = await handleInbound(service.bot, inbound);
    if (out.duplicate) throw new Error('not a duplicate');
    return out.result;
  };

  it('keeps the listening language until the chat subscribes, then stores it with locale vi', async () => {
    const chatId = randomUUID();
    const k = { channel: 'telegram', chatId };
    await replyOf(press(chatId, 'lang:en'));
    const r = await replyOf(press(chatId, 'lang:thai'));
    expect(r.replies[0]?.text).toContain('Đã chọn nghe tiếng Thái');
    expect(await getSubscriber(service.database.db, k)).toBeUndefined();
    expect(await getSession(service.database.db, k)).toMatchObject({ hearLang: 'thai', locale: 'vi' });

    await replyOf({ ...text(chatId, '/subscribe'), channel: 'telegram' });
    expect(await getSubscriber(service.database.db, k)).toMatchObject({
      subscribed: true,
      locale: 'vi',
      hearLang: 'thai',
    });
  });

  it('stores and clears the listening language of a subscriber; deleting the data removes it', async () => {
    const chatId = randomUUID();
    const k = { channel: 'telegram', chatId };
    await replyOf({ ...text(chatId, 'đăng ký'), channel: 'telegram' });
    await replyOf({ ...text(chatId, "tieng h'mong"), channel: 'telegram' });
    expect(await getSubscriber(service.database.db, k)).toMatchObject({ locale: 'vi', hearLang: 'hmong' });
    const status = await replyOf({ ...text(chatId, '/subscribe'), channel: 'telegram' });
    expect(status.replies[0]?.text).toContain("Tin âm thanh: tiếng H'Mông");

    await replyOf(press(chatId, 'lang:en'));
    expect(await getSubscriber(service.database.db, k)).toMatchObject({ locale: 'en', hearLang: null });
    await replyOf(press(chatId, 'lang:thai'));
    expect(await getSubscriber(service.database.db, k)).toMatchObject({ locale: 'vi', hearLang: 'thai' });

    await replyOf({ ...text(chatId, '/deletedata'), channel: 'telegram' });
    expect(await getSubscriber(service.database.db, k)).toBeUndefined();
    expect(await tablesContaining(service, chatId)).toEqual([]);
  });

  /** A code as the console would make it: only its hash is stored. */
  const makeCode = async (code: string, expiresAt: Date) => {
    await service.database.db
      .insert(officerLinkCodes)
      .values({ codeHash: officerCodeHash(code), createdBy: `officer-${kind.name}`, expiresAt });
  };
  const codeRows = async (code: string) =>
    (await service.database.db.select().from(officerLinkCodes)).filter(
      (r) => r.codeHash === officerCodeHash(code),
    );
  const inAnHour = () => new Date(Date.now() + 3_600_000);
  const newCode = () => `HB${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}7`;

  it('links an officer’s chat with a valid code once; the code is used up and stored nowhere', async () => {
    const code = newCode();
    await makeCode(code, inAnHour());
    const chatId = randomUUID();
    const k = { channel: 'webchat', chatId };
    const typed = code.toLowerCase().replace(/(.{4})/g, '$1-');
    const r = await replyOf(text(chatId, `/officer ${typed}`));
    expect(r.replies[0]?.text).toContain('duyệt tin chiến dịch, hạn nộp báo cáo');
    // What the channel gets back carries the reply, not the code.
    expect(JSON.stringify(r)).not.toContain(typed);
    expect(await getSubscriber(service.database.db, k)).toMatchObject({ officer: true, subscribed: false });
    expect(await codeRows(code)).toEqual([]);
    const audit = (await listAudit(service.database.db, { limit: 20 })).entries;
    expect(
      audit.find((a) => a.action === 'officer_chat_linked' && a.actor === `officer-${kind.name}`),
    ).toMatchObject({ target: 'webchat' });

    // Used once: another chat (and the same one) typing it again is told it is not valid.
    const other = randomUUID();
    const again = await replyOf(text(other, `cán bộ ${code}`));
    expect(again.replies[0]?.text).toContain('Mã này không hợp lệ');
    expect(await getSubscriber(service.database.db, { channel: 'webchat', chatId: other })).toBeUndefined();

    for (const needle of [code, typed, code.toLowerCase(), code.slice(2, 10)])
      expect(await tablesContaining(service, needle)).toEqual([]);
  });

  it('keeps a subscriber’s subscription when the chat is linked, and /officer off ends the link', async () => {
    const code = newCode();
    await makeCode(code, inAnHour());
    const chatId = randomUUID();
    const k = { channel: 'webchat', chatId };
    await replyOf(text(chatId, '/subscribe'));
    await replyOf(text(chatId, `can bo ${code}`));
    expect(await getSubscriber(service.database.db, k)).toMatchObject({ officer: true, subscribed: true });
    const off = await replyOf(text(chatId, '/officer off'));
    expect(off.replies[0]?.text).toContain('không nhận nhắc việc của cán bộ nữa');
    expect(await getSubscriber(service.database.db, k)).toMatchObject({ officer: false, subscribed: true });
  });

  it('refuses an expired or a wrong code neutrally and stores nothing', async () => {
    const expired = newCode();
    await makeCode(expired, new Date(Date.now() - 1000));
    const wrong = newCode();
    for (const code of [expired, wrong]) {
      const chatId = randomUUID();
      const r = await replyOf(text(chatId, `/officer ${code}`));
      expect(r.replies[0]?.text).toBe(
        'Mã này không hợp lệ. Mỗi mã chỉ dùng được một lần và có thời hạn; có thể tạo mã mới trong trang quản trị.',
      );
      expect(await getSubscriber(service.database.db, { channel: 'webchat', chatId })).toBeUndefined();
      expect(await tablesContaining(service, chatId)).toEqual(['sessions']);
    }
    // The expired row is left as it was (it is not a valid code, and nothing was linked with it).
    expect(await codeRows(expired)).toHaveLength(1);
    for (const needle of [expired, wrong]) expect(await tablesContaining(service, needle)).toEqual([]);
  });

  it('reads the message after a bare /officer as the code, never as an unanswered question', async () => {
    const code = newCode();
    await makeCode(code, inAnHour());
    const chatId = randomUUID();
    const ask = await replyOf(text(chatId, '/officer'));
    expect(ask.replies[0]?.text).toContain('mã cán bộ dùng một lần');
    const r = await replyOf(text(chatId, `${code.slice(0, 6)} ${code.slice(6)}`));
    expect(r.replies[0]?.text).toContain('Đã liên kết');
    const wrong = newCode();
    await replyOf(text(chatId, '/officer'));
    const w = await replyOf(text(chatId, wrong));
    expect(w.replies[0]?.text).toContain('Mã này không hợp lệ');
    for (const needle of [code.slice(0, 6), code.slice(6), wrong])
      expect(await tablesContaining(service, needle)).toEqual([]);
  });

  it('answers danger first when the message also holds /officer CODE, and spends no code', async () => {
    const code = newCode();
    await makeCode(code, inAnHour());
    const chatId = randomUUID();
    const r = await replyOf(text(chatId, `/officer ${code} chồng tôi đang đánh tôi`));
    expect(r.intent).toBe('emergency');
    expect(r.replies[0]?.text).toContain('113');
    expect(await codeRows(code)).toHaveLength(1);
    expect(await getSubscriber(service.database.db, { channel: 'webchat', chatId })).toBeUndefined();
    expect(await tablesContaining(service, code)).toEqual([]);
  });
});

describe('an officer code through the web chat endpoint', () => {
  const lines: string[] = [];
  let service: Service;
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    service = await createService(loadConfig({ PORT: '0' }), {
      database: await openTestPglite(),
      logger: { level: 'trace', stream },
    });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('is neither logged nor stored, whether valid or not', async () => {
    const valid = 'LOGCHK4821QX';
    const wrong = 'LOGCHK9999ZZ';
    await service.database.db.insert(officerLinkCodes).values({
      codeHash: officerCodeHash(valid),
      createdBy: 'admin',
      expiresAt: new Date(Date.now() + 60_000),
    });
    const post = (chatId: string, t: string) =>
      service.app.inject({ method: 'POST', url: '/chat/api/messages', payload: { chatId, text: t } });
    const ok = await post(randomUUID(), `/officer ${valid}`);
    expect(ok.json().messages[0].text).toContain('Đã liên kết');
    const bad = await post(randomUUID(), `cán bộ ${wrong}`);
    expect(bad.json().messages[0].text).toContain('Mã này không hợp lệ');
    expect(lines.length).toBeGreaterThan(0);
    for (const code of [valid, wrong]) {
      expect(lines.join(''), code).not.toContain(code);
      expect(await tablesContaining(service, code)).toEqual([]);
    }
  });
});
