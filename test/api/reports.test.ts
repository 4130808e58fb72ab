/** The reports and dashboard API on both databases: figures, formats, the period's checks, access. */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { createAccount, loginCookie } from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { SEED_PERIOD, seedReportHistory } from '../support/reports-seed.ts';
import { testService } from '../support/service.ts';

const TOKEN = 'reports-admin-token-0123456789';
/** 10:00 in Sơn La on 29 November 2026. */
const NOW = new Date('2026-11-29T03:00:00Z');
const PERIOD = `from=${SEED_PERIOD.from}&to=${SEED_PERIOD.to}`;

describe.each(testDatabases)('reports API on $name', (kind) => {
  let service: Service;
  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN }, { now: () => NOW });
    await seedReportHistory(service.database.db);
    await createAccount(service.database.db, { username: 'xa.chieng-lao', units: ['Chiềng Lao'] });
    await createAccount(service.database.db, {
      username: 'huyen.muong-la',
      role: 'viewer',
      formerDistricts: ['Mường La'],
    });
  });
  afterAll(() => service?.close());

  const get = (url: string, token: string | null = TOKEN) =>
    service.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('refuses without credentials', async () => {
    for (const url of [`/api/v1/reports?${PERIOD}`, '/api/v1/dashboard', '/api/v1/reports/periods']) {
      expect((await get(url, null)).statusCode).toBe(401);
      expect((await get(url, 'not-the-token')).statusCode).toBe(401);
    }
  });

  it('answers a bad period or option with a 400 naming the field, and keeps nothing half-done', async () => {
    const cases: Array<[string, string]> = [
      ['to=2026-11-30', 'from'],
      ['from=2026-06-01', 'to'],
      ['from=2026-02-30&to=2026-11-30', 'from'],
      ['from=01/06/2026&to=2026-11-30', 'from'],
      ['from=2026-06-01&to=2026-05-31', 'to'],
      ['from=2020-01-01&to=2026-11-30', 'to'],
      [`${PERIOD}&format=pdf`, 'format'],
      [`${PERIOD}&format=csv&table=nope`, 'table'],
      [`${PERIOD}&lang=fr`, 'lang'],
    ];
    for (const [q, field] of cases) {
      const res = await get(`/api/v1/reports?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json(), q).toMatchObject({ error: 'bad_request', field });
      expect(res.json().message, q).toMatch(new RegExp(`^${field}: `));
    }
  });

  it('gives the figures as JSON with the tables in Vietnamese', async () => {
    const res = await get(`/api/v1/reports?${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toEqual(SEED_PERIOD);
    expect(body.scope).toBe('province');
    expect(body.totals).toMatchObject({
      sent: 5,
      recipients: 3,
      faqQuestions: 7,
      referrals: 5,
      emergencies: 2,
    });
    expect(body.referralsByKind).toContainEqual({
      formerDistrict: 'Mường La',
      unit: 'Chiềng Lao',
      kind: 'shelter',
      count: 1,
    });
    const kinds = body.tables.find((t: { id: string }) => t.id === 'referral_kinds');
    expect(kinds.columns).toEqual(['Huyện cũ', 'Xã, phường', 'Loại nơi hỗ trợ', 'Số lượt']);
    expect(kinds.rows).toContainEqual([
      'Mường La',
      'Mường Bú',
      'Không ghi loại (ghi trước khi hệ thống ghi loại nơi hỗ trợ)',
      1,
    ]);
    expect(kinds.rows.at(-1)).toEqual([
      'Không gắn xã, phường',
      'Không gắn xã, phường',
      'Chỉ các số điện thoại toàn quốc (không có nơi nào trong danh bạ)',
      1,
    ]);
    const messages = body.tables.find((t: { id: string }) => t.id === 'messages');
    expect(messages.columns.slice(0, 4)).toEqual(['Chiến dịch', 'Huyện cũ', 'Xã, phường', 'Kênh']);
    const labels = messages.rows.map((r: unknown[]) => r[0]);
    expect(labels).toContain('Tin cán bộ gửi');
    expect(labels).toContain('Ngày Quốc tế Phụ nữ 8/3');
    const fields = body.tables.find((t: { id: string }) => t.id === 'faq_fields');
    expect(fields.rows[0]).toEqual(['Lao động', 3, 1, 4]);
  });

  it('exports an XLSX workbook: the period sheet, one sheet per table, Vietnamese or English headers', async () => {
    const res = await get(`/api/v1/reports?${PERIOD}&format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="hoa-ban-bao-cao-2026-06-01_2026-11-30.xlsx"',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Thông tin báo cáo',
      'Tóm tắt',
      'Tin đã gửi',
      'Mức độ tiếp cận',
      'Câu hỏi theo lĩnh vực',
      'Câu hỏi theo lĩnh vực và xã',
      'Chủ đề hỏi nhiều',
      'Giới thiệu nơi hỗ trợ',
      'Giới thiệu theo loại nơi hỗ trợ',
      'Người đăng ký',
    ]);
    // The notes say what the figures now carry, not that the kind is missing.
    const notes = ((wb.getWorksheet('Thông tin báo cáo')?.getColumn(2).values ?? []) as unknown[])
      .map(String)
      .join('\n');
    expect(notes).toContain('được đếm một lần ở mỗi loại nơi đã liệt kê');
    expect(notes).not.toContain('không ghi loại nơi hỗ trợ được giới thiệu');
    const info = wb.getWorksheet('Thông tin báo cáo');
    expect(info?.getRow(2).values).toEqual([undefined, 'Từ ngày', '2026-06-01']);
    expect(info?.getRow(4).values).toEqual([undefined, 'Phạm vi', 'Toàn tỉnh']);
    const reach = wb.getWorksheet('Mức độ tiếp cận') as ExcelJS.Worksheet;
    expect((reach.getRow(1).values as unknown[]).slice(1, 4)).toEqual([
      'Kênh',
      'Số người nhận',
      'Tin đã gửi không còn gắn người nhận',
    ]);
    expect((reach.getRow(2).values as unknown[]).slice(1)).toEqual(['Telegram', 2, 1, 4, 1, 0, 0]);

    const en = await get(`/api/v1/reports?${PERIOD}&format=xlsx&lang=en`);
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(wbEn.worksheets[2]?.name).toBe('Messages sent');
    expect(wbEn.worksheets[2]?.getRow(1).getCell(1).value).toBe('Campaign');
  });

  it('exports one table as CSV with a byte-order mark, which a CSV reader reads back', async () => {
    const res = await get(`/api/v1/reports?${PERIOD}&format=csv&table=subscribers`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="hoa-ban-bao-cao-2026-06-01_2026-11-30-subscribers.csv"',
    );
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows: string[][] = parse(res.rawPayload, { bom: true });
    expect(rows[0]).toEqual(['Huyện cũ', 'Xã, phường', 'Kênh', 'Đăng ký mới', 'Hủy đăng ký', 'Xóa dữ liệu']);
    expect(rows).toContainEqual(['Mường La', 'Chiềng Lao', 'Telegram', '2', '0', '0']);
    expect(rows).toContainEqual(['Không gắn xã, phường', 'Không gắn xã, phường', 'Telegram', '0', '1', '0']);
    expect(rows).toHaveLength(5);
    const messages = await get(`/api/v1/reports?${PERIOD}&format=csv`);
    expect(messages.headers['content-disposition']).toContain('-messages.csv');
  });

  it('offers the presets, the assumed report periods among them', async () => {
    const res = await get('/api/v1/reports/periods');
    expect(res.json()).toMatchObject({
      today: '2026-11-29',
      presets: {
        thisMonth: { from: '2026-11-01', to: '2026-11-29' },
        halfYear: { from: '2025-12-01', to: '2026-05-31', deadline: '2026-06-10' },
        annual: { from: '2025-12-01', to: '2026-11-30', deadline: '2026-12-10' },
      },
    });
  });

  it('gives the dashboard: subscribers now, this month, the last 30 days, each unit', async () => {
    const res = await get('/api/v1/dashboard');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.month).toEqual({ from: '2026-11-01', to: '2026-11-29' });
    // This month so far (1-29/11): no broadcast started, no question answered (30/11 is after today),
    // two unanswered questions in the last 30 days.
    expect(d.totals).toMatchObject({ subscribers: 4, sent: 0, faqQuestions: 0, unanswered30d: 2 });
    expect(d.areas).toHaveLength(75);
    expect(d.areas).toContainEqual({
      formerDistrict: 'Mường La',
      unit: 'Chiềng Lao',
      subscribers: 2,
      sent: 0,
      referrals: 0,
      joined: 0,
    });
  });

  it("shows a commune officer only their communes' figures, in every format", async () => {
    const { headers } = await loginCookie(service, 'xa.chieng-lao');
    const as = (url: string) => service.app.inject({ method: 'GET', url, headers });
    const json = (await as(`/api/v1/reports?${PERIOD}`)).json();
    expect(json.scope).toEqual(['Chiềng Lao']);
    expect(json.totals).toMatchObject({
      sent: 3,
      failed: 1,
      recipients: 2,
      faqQuestions: 2,
      referrals: 2,
      emergencies: 1,
      joined: 2,
      deleted: 1,
      unanswered: 1,
    });
    const units = new Set(json.messages.map((m: { unit: string }) => m.unit));
    expect([...units]).toEqual(['Chiềng Lao']);
    const rows: string[][] = parse(
      (await as(`/api/v1/reports?${PERIOD}&format=csv&table=referrals`)).rawPayload,
      {
        bom: true,
      },
    );
    expect(rows.slice(1)).toEqual([['Mường La', 'Chiềng Lao', 'Telegram', '2']]);
    // By kind: a list of the commune's report routes and a shelter near a shared location.
    const csv = async (table: string) =>
      parse((await as(`/api/v1/reports?${PERIOD}&format=csv&table=${table}&lang=en`)).rawPayload, {
        bom: true,
      }) as string[][];
    expect(await csv('referral_kinds')).toEqual([
      ['Former district', 'Commune or ward', 'Kind of place', 'Count'],
      ['Mường La', 'Chiềng Lao', "Commune/ward People's Committee", '1'],
      ['Mường La', 'Chiềng Lao', 'Hotline', '1'],
      ['Mường La', 'Chiềng Lao', 'Police', '1'],
      ['Mường La', 'Chiềng Lao', 'Shelter', '1'],
      ['Mường La', 'Chiềng Lao', 'Trusted address', '1'],
      ['Mường La', 'Chiềng Lao', "Women's Union", '1'],
    ]);
    expect(await csv('faq_areas')).toEqual([
      ['Former district', 'Commune or ward', 'Field', 'Chosen from the menu', 'Typed', 'Total'],
      ['Mường La', 'Chiềng Lao', 'Labour', '0', '1', '1'],
      ['Mường La', 'Chiềng Lao', 'Domestic violence prevention', '1', '0', '1'],
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await as(`/api/v1/reports?${PERIOD}&format=xlsx`)).rawPayload as unknown as ArrayBuffer,
    );
    expect(wb.getWorksheet('Thông tin báo cáo')?.getRow(4).values).toEqual([
      undefined,
      'Phạm vi',
      'Chiềng Lao',
    ]);
    expect(wb.getWorksheet('Tin đã gửi')?.rowCount).toBe(4);
    expect(wb.getWorksheet('Giới thiệu theo loại nơi hỗ trợ')?.rowCount).toBe(7);
    expect(wb.getWorksheet('Câu hỏi theo lĩnh vực và xã')?.rowCount).toBe(3);
    const dash = (await as('/api/v1/dashboard')).json();
    expect(dash.scope).toEqual(['Chiềng Lao']);
    expect(dash.areas).toEqual([
      { formerDistrict: 'Mường La', unit: 'Chiềng Lao', subscribers: 2, sent: 0, referrals: 0, joined: 0 },
    ]);
    expect(dash.totals.subscribers).toBe(2);
  });

  it("lets a viewer of a former district read its units' figures", async () => {
    const { headers } = await loginCookie(service, 'huyen.muong-la');
    const json = (
      await service.app.inject({ method: 'GET', url: `/api/v1/reports?${PERIOD}`, headers })
    ).json();
    expect(json.scope).toEqual(expect.arrayContaining(['Chiềng Lao', 'Mường Bú']));
    expect(json.scope).not.toContain('Tô Hiệu');
    // Chiềng Lao's 3 sent and Mường Bú's unlinked one; Tô Hiệu's zalo-bot message is outside.
    // Referrals: Chiềng Lao's two and Mường Bú's one recorded before kinds were kept.
    expect(json.totals).toMatchObject({ sent: 4, unknown: 0, referrals: 3 });
    expect(json.referralsByKind).toContainEqual({
      formerDistrict: 'Mường La',
      unit: 'Mường Bú',
      kind: 'unrecorded',
      count: 1,
    });
  });
});
