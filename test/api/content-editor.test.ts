/** The FAQ editor and the unanswered questions on both databases: edits reach the bot, bad ones write nothing. */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentVersion } from '../../src/db/queries/content.ts';
import { recordUnanswered } from '../../src/db/queries/stats.ts';
import { auditLog } from '../../src/db/schema/campaigns.ts';
import { faqNodes } from '../../src/db/schema/content.ts';
import type { Service } from '../../src/service.ts';
import { createAccount, loginCookie } from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { bearerInject, testService } from '../support/service.ts';

const TOKEN = 'content-admin-token-0123456789';
const NOW = new Date('2026-11-29T02:00:00Z');
const NODE = 'lao-dong.thai-san.thoi-gian';
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies read in assertions
type Body = Record<string, any>;

describe.each(testDatabases)('FAQ editor API on $name', (kind) => {
  let service: Service;
  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN }, { now: () => NOW });
  });
  afterAll(() => service?.close());

  const call = async (method: InjectOptions['method'], url: string, payload?: unknown) => {
    const res = await bearerInject(service, TOKEN, method, url, payload);
    return { status: res.statusCode, body: (res.body ? res.json() : {}) as Body };
  };
  const ask = async (q: string) =>
    (await service.app.inject({ url: `/api/v1/faq/search?q=${encodeURIComponent(q)}` })).json() as {
      answers: Array<{ id: string }>;
      reply: { text: string } | Array<{ text: string }>;
    };
  const rowOf = async (id: string) =>
    (await service.database.db.select().from(faqNodes).where(eq(faqNodes.id, id)))[0];
  const node = async (id = NODE) => (await call('GET', `/api/v1/faq/nodes/${id}`)).body;
  const edit = (n: Body, change: Record<string, unknown>) => ({
    parent: n.parent,
    title: n.title,
    answer: n.answer,
    citations: n.citations,
    keywords: n.keywords,
    field: n.field,
    reviewBy: n.reviewBy,
    ...change,
  });

  it('refuses without credentials', async () => {
    const res = await service.app.inject({ url: '/api/v1/faq/nodes' });
    expect(res.statusCode).toBe(401);
  });

  it('lists the tree, one node with every field, the law codes and nothing overdue today', async () => {
    const tree = (await call('GET', '/api/v1/faq/nodes')).body.nodes as Array<Record<string, unknown>>;
    expect(tree.length).toBeGreaterThan(150);
    expect(tree.find((n) => n.id === NODE)).toMatchObject({
      parent: 'lao-dong.thai-san',
      field: 'labour',
      reviewBy: '2027-11-29',
      overdue: false,
    });
    expect(await node()).toMatchObject({
      title: { vi: 'Nghỉ thai sản được mấy tháng?' },
      citations: [{ law: 'BLLD2019', article: '139' }],
      reviewed: '2026-11-29',
    });
    const codes = (await call('GET', '/api/v1/faq/law-codes')).body;
    expect(codes.codes.map((c: { code: string }) => c.code)).toContain('PCBLGD2022');
    expect((await call('GET', '/api/v1/faq/overdue')).body.nodes).toEqual([]);
    expect((await call('GET', '/api/v1/faq/nodes/no.such')).status).toBe(404);
  });

  it('an edited answer is what the bot answers after refreshContent, and the edit is audited without text', async () => {
    const before = await contentVersion(service.database.db);
    const n = await node();
    const vi = `${n.answer.vi} Ghi chú của cán bộ tỉnh: xem thêm ở trạm y tế.`;
    const res = await call('PUT', `/api/v1/faq/nodes/${NODE}`, edit(n, { answer: { vi, en: n.answer.en } }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await contentVersion(service.database.db)).not.toBe(before);
    expect(await service.refreshContent()).toBe(true);
    const answered = await ask('nghỉ thai sản mấy tháng');
    expect(answered.answers[0]?.id).toBe(NODE);
    expect(JSON.stringify(answered.reply)).toContain('xem thêm ở trạm y tế');
    const [audit] = await service.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `faq:${NODE}`));
    expect(audit).toMatchObject({ actor: 'admin-token', action: 'faq.update' });
    expect(JSON.stringify(audit)).not.toContain('trạm y tế');
  });

  it.each([
    [
      'an unknown law code',
      { citations: [{ law: 'LUAT2099', article: '1' }] },
      'unknown law code "LUAT2099"',
    ],
    [
      'an unverified article',
      { citations: [{ law: 'BLLD2019', article: '999' }] },
      'BLLD2019 article 999 is not in the verified list',
    ],
    [
      'a malformed article',
      { citations: [{ law: 'BLLD2019', article: 'Điều 139' }] },
      'article must be a number',
    ],
    ['no citation for an answer', { citations: [] }, 'an answer needs at least one citation'],
    [
      'an unverified phone number',
      { answer: { vi: 'Gọi 0912 345 678 để được giúp.', en: 'Call 0912 345 678.' } },
      'phone number 0912345678 is not in the verified list',
    ],
    [
      'an answer too long',
      { answer: { vi: 'a'.repeat(751), en: 'b' } },
      'answer.vi has 751 characters, at most 750',
    ],
    ['a review date already past', { reviewBy: '2026-01-01' }, 'reviewBy 2026-01-01 is before 2026-11-29'],
    ['a parent that does not exist', { parent: 'khong-co' }, 'parent "khong-co" does not exist'],
    ['a parent under itself', { parent: `${NODE}` }, 'is the node itself or one of its children'],
  ])('refuses %s with 400 and the check’s message, writing nothing', async (_name, change, message) => {
    const stored = await rowOf(NODE);
    const version = await contentVersion(service.database.db);
    const audits = await service.database.db.$count(auditLog);
    const res = await call('PUT', `/api/v1/faq/nodes/${NODE}`, edit(await node(), change));
    expect(res.status).toBe(400);
    expect(res.body.errors.join('\n')).toContain(message);
    expect(await rowOf(NODE)).toEqual(stored);
    expect(await contentVersion(service.database.db)).toBe(version);
    expect(await service.database.db.$count(auditLog)).toBe(audits);
  });

  it('creates a node under a parent, deletes only leaves', async () => {
    const created = await call('POST', '/api/v1/faq/nodes', {
      parent: 'lao-dong.thai-san',
      title: { vi: 'Nghỉ thai sản khi sinh non?', en: 'Maternity leave after a premature birth?' },
      answer: { vi: 'Vẫn được nghỉ thai sản đủ thời gian.', en: 'You still get the full maternity leave.' },
      citations: [{ law: 'BLLD2019', article: '139' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.node).toMatchObject({
      id: 'lao-dong.thai-san.nghi-thai-san-khi-sinh-non',
      reviewed: '2026-11-29',
      reviewBy: '2027-11-29',
    });
    expect((await call('DELETE', '/api/v1/faq/nodes/lao-dong.thai-san')).status).toBe(409);
    expect((await call('DELETE', `/api/v1/faq/nodes/${created.body.node.id}`)).status).toBe(204);
    expect(await rowOf(created.body.node.id)).toBeUndefined();
  });

  it('lists what is overdue: a review date before today', async () => {
    await service.database.db.update(faqNodes).set({ reviewBy: '2026-11-01' }).where(eq(faqNodes.id, NODE));
    const overdue = (await call('GET', '/api/v1/faq/overdue')).body.nodes;
    expect(overdue.map((n: { id: string }) => n.id)).toEqual([NODE]);
    // Another node can still be edited while one is overdue; the overdue one only with a new date.
    const other = await node('lao-dong.thai-san.tien');
    expect((await call('PUT', '/api/v1/faq/nodes/lao-dong.thai-san.tien', edit(other, {}))).status).toBe(200);
    const late = await node();
    const res = await call('PUT', `/api/v1/faq/nodes/${NODE}`, edit(late, {}));
    expect(res.status).toBe(400);
    expect(
      (await call('PUT', `/api/v1/faq/nodes/${NODE}`, edit(late, { reviewBy: '2027-11-29' }))).status,
    ).toBe(200);
    expect((await call('GET', '/api/v1/faq/overdue')).body.nodes).toEqual([]);
  });

  it('lists unanswered questions newest first and answers one into a node, removing the question', async () => {
    const db = service.database.db;
    await db.execute(sql`delete from unanswered_questions`);
    await recordUnanswered(db, { text: 'cũ quá rồi', locale: 'vi', now: new Date('2026-10-01T00:00:00Z') });
    await recordUnanswered(db, {
      text: 'làm giấy khai sinh ở đâu',
      locale: 'vi',
      now: new Date('2026-11-27T03:00:00Z'),
    });
    await recordUnanswered(db, {
      text: 'where do I register a birth',
      locale: 'en',
      now: new Date('2026-11-28T03:00:00Z'),
    });
    const list = (await call('GET', '/api/v1/unanswered')).body.questions;
    expect(list.map((q: { text: string; day: string }) => [q.text, q.day])).toEqual([
      ['where do I register a birth', '2026-11-28'],
      ['làm giấy khai sinh ở đâu', '2026-11-27'],
    ]);
    const id = list[1].id;
    const bad = await call('POST', `/api/v1/unanswered/${id}/answer`, {
      parent: 'hon-nhan',
      title: { vi: 'Làm giấy khai sinh ở đâu?', en: 'Where do I register a birth?' },
      answer: { vi: 'Tại UBND xã.', en: 'At the commune People’s Committee.' },
      citations: [{ law: 'NOPE', article: '1' }],
    });
    expect(bad.status).toBe(400);
    expect((await call('GET', '/api/v1/unanswered')).body.questions).toHaveLength(2);
    const res = await call('POST', `/api/v1/unanswered/${id}/answer`, {
      parent: 'hon-nhan',
      title: { vi: 'Làm giấy khai sinh ở đâu?', en: 'Where do I register a birth?' },
      answer: { vi: 'Tại UBND xã nơi cư trú.', en: 'At the People’s Committee where you live.' },
      citations: [{ law: 'HNGD2014', article: '3' }],
      keywords: { vi: ['giấy khai sinh'], en: ['birth certificate'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await rowOf(res.body.node.id)).toBeDefined();
    expect(
      (await call('GET', '/api/v1/unanswered')).body.questions.map((q: { text: string }) => q.text),
    ).toEqual(['where do I register a birth']);
    expect(
      (await call('POST', `/api/v1/unanswered/${id}/answer`, { parent: null, title: { vi: 'x', en: 'x' } }))
        .status,
    ).toBe(404);
  });

  it('shows an account the questions of its communes only; those of no commune to province accounts', async () => {
    const db = service.database.db;
    await db.execute(sql`delete from unanswered_questions`);
    const at = new Date('2026-11-28T03:00:00Z');
    await recordUnanswered(db, { text: 'hỏi ở Chiềng Lao', locale: 'vi', unit: 'Chiềng Lao', now: at });
    await recordUnanswered(db, { text: 'hỏi ở Tô Hiệu', locale: 'vi', unit: 'Tô Hiệu', now: at });
    await recordUnanswered(db, { text: 'hỏi không rõ xã', locale: 'vi', now: at });
    // A question kept before names were masked when storing is masked when read.
    await db.execute(
      sql`insert into unanswered_questions (text, locale, unit, created_at) values ('chị Lò Thị Hoa hỏi, số 0912 345 678', 'vi', 'Chiềng Lao', ${at.toISOString()})`,
    );
    const asViewer = async (username: string, units: string[]) => {
      await createAccount(db, { username, role: 'viewer', units });
      const login = await loginCookie(service, username, undefined, {
        remoteAddress: `10.7.0.${units.length}`,
      });
      const res = await service.app.inject({ url: '/api/v1/unanswered', headers: login.headers });
      expect(res.statusCode).toBe(200);
      const page = await service.app.inject({ url: '/admin/faq', headers: login.headers });
      expect(page.statusCode).toBe(200);
      const texts = (res.json() as Body).questions.map((q: { text: string }) => q.text).sort();
      for (const t of texts) expect(page.body).toContain(t);
      return { texts, page: page.body };
    };
    const lao = await asViewer('lao.viewer', ['Chiềng Lao']);
    expect(lao.texts).toEqual(['chị [tên] hỏi, số [số điện thoại]', 'hỏi ở Chiềng Lao']);
    expect(lao.page).not.toContain('hỏi ở Tô Hiệu');
    expect(lao.page).not.toContain('hỏi không rõ xã');
    expect(lao.page).not.toContain('Lò Thị Hoa');
    const province = await asViewer('province.viewer', []);
    expect(province.texts).toEqual([
      'chị [tên] hỏi, số [số điện thoại]',
      'hỏi không rõ xã',
      'hỏi ở Chiềng Lao',
      'hỏi ở Tô Hiệu',
    ]);
    const list = (await call('GET', '/api/v1/unanswered')).body.questions as Array<{
      text: string;
      unit: string | null;
    }>;
    expect(list.find((q) => q.text === 'hỏi ở Tô Hiệu')?.unit).toBe('Tô Hiệu');
  });

  /** Asks each text in a new web chat (none has an answer), then what was stored and what officers see. */
  const keptFromWebChat = async (texts: string[]) => {
    const db = service.database.db;
    await db.execute(sql`delete from unanswered_questions`);
    for (const text of texts) {
      const res = await service.app.inject({
        method: 'POST',
        url: '/chat/api/messages',
        payload: { chatId: randomUUID(), text },
      });
      expect(res.statusCode).toBe(200);
    }
    const stored = (
      (await db.execute(sql`select text from unanswered_questions order by id`)) as unknown as {
        rows: Array<{ text: string }>;
      }
    ).rows.map((r) => r.text);
    const listed: string[] = (await call('GET', '/api/v1/unanswered')).body.questions.map(
      (q: { text: string }) => q.text,
    );
    return { stored, listed };
  };

  it('keeps a question asked through the web chat with the phone number masked, however it is written', async () => {
    const ask = 'cho em hỏi về giá phân bón năm nay, số của em';
    const phones = ['(091) 234 5678', '0912  345  678', '0912/345/678'];
    const { stored, listed } = await keptFromWebChat(phones.map((phone) => `${ask} ${phone} ạ`));
    for (const texts of [stored, listed]) {
      expect(texts).toEqual(Array(3).fill(`${ask} [số điện thoại] ạ`));
      for (const digits of ['091', '234', '5678', '0912', '345', '678'])
        expect(texts.join(' ')).not.toContain(digits);
    }
  });

  it('keeps a question asked through the web chat with a glued phone number and a lower-case name masked', async () => {
    const texts = [
      ['sdt0912345678 hoi ve gia phan bon nam nay', 'sdt[số điện thoại] hoi ve gia phan bon nam nay'],
      ['toi la nguyen thi lan hoi ve gia phan bon nam nay', 'toi la [tên] hoi ve gia phan bon nam nay'],
    ];
    const { stored, listed } = await keptFromWebChat(texts.map(([text]) => text as string));
    expect(stored).toEqual(texts.map(([, masked]) => masked));
    expect([...listed].sort()).toEqual(texts.map(([, masked]) => masked).sort());
    for (const leaked of ['0912', '345678', 'nguyen', 'lan hoi'])
      expect([...stored, ...listed].join(' ')).not.toContain(leaked);
  });
});
