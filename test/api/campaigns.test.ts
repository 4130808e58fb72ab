/** The campaigns API on both databases: occurrences, approval and the theme, notices, officer link codes. */
import { eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNotice, setOccurrence } from '../../src/db/queries/campaigns.ts';
import { consumeOfficerCode, officerCodeHash } from '../../src/db/queries/subscribers.ts';
import { auditLog, campaignOccurrences, officerLinkCodes } from '../../src/db/schema/campaigns.ts';
import type { Service } from '../../src/service.ts';
import { testDatabases } from '../support/db.ts';
import { bearerInject, tablesContaining, testService } from '../support/service.ts';

const TOKEN = 'campaigns-admin-token-0123456789';
/** 09:00 in Sơn La on 29 November 2026. */
const NOW = new Date('2026-11-29T02:00:00Z');

describe.each(testDatabases)('campaigns API on $name', (kind) => {
  let service: Service;
  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN }, { now: () => NOW });
  });
  afterAll(() => service?.close());

  const call = async (method: InjectOptions['method'], url: string, payload?: unknown) => {
    const res = await bearerInject(service, TOKEN, method, url, payload);
    return { status: res.statusCode, body: res.json() as Record<string, unknown> & { message?: string } };
  };
  const occurrences = async (year: number) =>
    (await call('GET', `/api/v1/campaigns/occurrences?year=${year}`)).body.occurrences as Array<{
      id: number;
      key: string;
      status: string;
      dueAt: string;
    }>;
  const byKey = async (key: string) => {
    const found = (await occurrences(Number(key.split(':')[1]?.slice(0, 4)))).find((o) => o.key === key);
    if (!found) throw new Error(`no ${key}`);
    return found;
  };
  const count = async () =>
    Number(
      (await service.database.db.select({ n: sql<number>`count(*)::int` }).from(campaignOccurrences))[0]?.n,
    );

  it('refuses without the admin token', async () => {
    const res = await service.app.inject({ method: 'GET', url: '/api/v1/campaigns/occurrences?year=2026' });
    expect(res.statusCode).toBe(401);
    const code = await service.app.inject({ method: 'POST', url: '/api/v1/officer-link-codes' });
    expect(code.statusCode).toBe(401);
  });

  it('lists a year: the calendar from today on, and next year in full', async () => {
    expect((await occurrences(2026)).map((o) => o.key)).toEqual([
      'ge-month-weekly:2026-11-29',
      'ge-month-weekly:2026-12-06',
      'ge-month-weekly:2026-12-13',
      'ge-month-closing:2026-12-15',
    ]);
    const next = await occurrences(2027);
    expect(next).toHaveLength(15);
    expect(next[0]).toMatchObject({
      key: 'womens-day:2027-03-08',
      status: 'pending',
      dueAt: '2027-03-08T01:00:00.000Z',
    });
    expect(await call('GET', '/api/v1/campaigns/occurrences?year=20x6')).toMatchObject({
      status: 400,
      body: { message: 'year: must be YYYY' },
    });
  });

  it('adds an occurrence; bad input is a 400 naming the field and stores nothing', async () => {
    const before = await count();
    const bad: Array<[unknown, string]> = [
      [{ date: '2026-12-20' }, 'message: is required'],
      [{ date: '2026-12-20', message: { vi: '  ' } }, 'message.vi: must not be blank'],
      [{ date: '2026-02-30', message: { vi: 'a' } }, 'date: is not a day of the calendar'],
      [{ date: '2026-11-28', message: { vi: 'a' } }, 'date: must be today or later'],
      [{ date: '2026-12-20', time: '8:00', message: { vi: 'a' } }, 'time: must be HH:MM, e.g. 08:00'],
      [{ date: '2026-12-20', message: { vi: 'a {{year}}' } }, 'message.vi: only {{theme}} may be used'],
      [
        { date: '2026-12-20', message: { vi: 'a' }, audience: { units: ['Atlantis'] } },
        'audience.units: unknown unit "Atlantis"',
      ],
      [{ date: '2026-12-20', message: { vi: 'a' }, colour: 'orange' }, 'colour: unknown field'],
      [
        { date: '2026-12-20', message: { vi: 'a' }, media: { kind: 'image', url: 'http://x' } },
        'media.url: must be an https URL',
      ],
    ];
    for (const [payload, message] of bad) {
      expect(await call('POST', '/api/v1/campaigns/occurrences', payload), message).toMatchObject({
        status: 400,
        body: { error: 'bad_request', message },
      });
    }
    expect(await count()).toBe(before);
    const made = await call('POST', '/api/v1/campaigns/occurrences', {
      date: '2026-12-20',
      time: '09:30',
      message: { vi: 'Họp bản về bình đẳng giới. Nhắn "menu" cho Hoa Ban.' },
      audience: { units: ['Chiềng Lao'] },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      status: 'pending',
      date: '2026-12-20',
      time: '09:30',
      dueAt: '2026-12-20T02:30:00.000Z',
    });
    expect(String(made.body.key)).toMatch(/^custom:[0-9a-f-]{36}$/);
  });

  it('approval needs the theme a message uses; an edit puts an approved one back to pending', async () => {
    const occ = await byKey('ge-month-opening:2027-11-15');
    const url = `/api/v1/campaigns/occurrences/${occ.id}`;
    const refused = await call('POST', `${url}/approve`);
    expect(refused).toMatchObject({ status: 409, body: { error: 'theme_missing' } });
    expect(refused.body.message).toContain('theme.2027');
    expect(await call('PUT', '/api/v1/campaigns/themes/2027', { en: 'x' })).toMatchObject({
      status: 400,
      body: { message: 'vi: is required' },
    });
    expect(await call('PUT', '/api/v1/campaigns/themes/2027', { vi: 'Chủ đề 2027' })).toMatchObject({
      status: 200,
    });
    // The English text uses {{theme}} too: still refused, naming the locale.
    expect((await call('POST', `${url}/approve`)).body.message).toMatch(/^message\.en uses \{\{theme\}\}/);
    await call('PUT', '/api/v1/campaigns/themes/2027', { vi: 'Chủ đề 2027', en: 'Theme 2027' });
    expect(await call('GET', '/api/v1/campaigns/themes/2027')).toMatchObject({
      body: { year: 2027, theme: { vi: 'Chủ đề 2027', en: 'Theme 2027' } },
    });
    expect(await call('POST', `${url}/approve`)).toMatchObject({
      status: 200,
      body: { status: 'approved', approvedBy: 'admin-token' },
    });
    const edited = await call('PATCH', url, {
      time: '07:30',
      message: { vi: 'Mở đầu tháng hành động: "{{theme}}". Nhắn "menu".' },
    });
    expect(edited).toMatchObject({
      status: 200,
      body: { status: 'pending', approvedBy: null, time: '07:30', dueAt: '2027-11-15T00:30:00.000Z' },
    });
    expect(await call('PATCH', url, {})).toMatchObject({
      status: 400,
      body: { message: 'body: nothing to change' },
    });
    expect(await call('PATCH', url, { date: '2026-01-01' })).toMatchObject({
      status: 400,
      body: { message: 'date: must be today or later' },
    });
    expect((await call('POST', `${url}/disable`)).body.status).toBe('disabled');
    expect(await call('POST', `${url}/approve`)).toMatchObject({
      status: 409,
      body: { message: 'cannot approve an occurrence that is disabled' },
    });
    expect((await call('POST', `${url}/enable`)).body.status).toBe('pending');
    expect((await call('POST', `${url}/approve`)).body.status).toBe('approved');
    const actions = await service.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `occurrence:${occ.id}`));
    expect(actions.map((a) => a.action)).toEqual([
      'occurrence.approve',
      'occurrence.edit',
      'occurrence.disable',
      'occurrence.enable',
      'occurrence.approve',
    ]);
    expect(new Set(actions.map((a) => a.actor))).toEqual(new Set(['admin-token']));
  });

  it('404 for unknown ids, 409 for what a fired occurrence cannot do', async () => {
    for (const id of ['999999', 'abc', '0']) {
      expect((await call('POST', `/api/v1/campaigns/occurrences/${id}/approve`)).status).toBe(404);
      expect((await call('PATCH', `/api/v1/campaigns/occurrences/${id}`, { time: '08:00' })).status).toBe(
        404,
      );
      expect((await call('POST', `/api/v1/notices/${id}/dismiss`)).status).toBe(404);
    }
    const occ = await byKey('ge-month-weekly:2026-12-06');
    await setOccurrence(service.database.db, occ.id, ['pending'], { status: 'fired' });
    expect(await call('PATCH', `/api/v1/campaigns/occurrences/${occ.id}`, { time: '09:00' })).toMatchObject({
      status: 409,
      body: { message: 'cannot edit an occurrence that is fired' },
    });
    expect((await call('POST', `/api/v1/campaigns/occurrences/${occ.id}/disable`)).status).toBe(409);
  });

  it('lists open notices with their text, and dismisses one', async () => {
    const n = await insertNotice(service.database.db, {
      key: 'report_due:2026-12-10',
      kind: 'report_due',
      dueDate: '2026-12-10',
      data: { report: 'annual', deadline: '2026-12-10' },
      now: NOW,
    });
    const list = (await call('GET', '/api/v1/notices')).body.notices as Array<{
      id: number;
      text: { vi: string; en: string };
    }>;
    const shown = list.find((x) => x.id === n?.id);
    expect(shown?.text.vi).toBe(
      'Nhắc việc: hạn gửi báo cáo năm là ngày 10/12/2026. Số liệu có trên trang cán bộ.',
    );
    expect(shown?.text.en).toContain('annual report is due on 10/12/2026');
    expect((await call('POST', `/api/v1/notices/${n?.id}/dismiss`)).body.dismissedAt).toBe(NOW.toISOString());
    const after = (await call('GET', '/api/v1/notices')).body.notices as Array<{ id: number }>;
    expect(after.some((x) => x.id === n?.id)).toBe(false);
  });

  it('makes a one-time officer link code, shown once and stored only as its hash', async () => {
    const res = await call('POST', '/api/v1/officer-link-codes');
    expect(res.status).toBe(201);
    const code = String(res.body.code);
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(code).toMatch(/\d/);
    expect(res.body.expiresAt).toBe(new Date(NOW.getTime() + 24 * 3600 * 1000).toISOString());
    const rows = await service.database.db.select().from(officerLinkCodes);
    expect(rows.map((r) => r.codeHash)).toContain(officerCodeHash(code));
    expect(await tablesContaining(service, code.replace('-', ''))).toEqual([]);
    expect(await tablesContaining(service, code)).toEqual([]);
    expect(await consumeOfficerCode(service.database.db, code.toLowerCase(), NOW)).toBe('admin-token');
    expect(await consumeOfficerCode(service.database.db, code, NOW)).toBeUndefined();
  });
});
