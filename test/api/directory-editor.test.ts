/** The directory editor on both databases: CSV preview and import, edits, scope and confidential addresses. */
import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentVersion } from '../../src/db/queries/content.ts';
import { services } from '../../src/db/schema/content.ts';
import type { Service } from '../../src/service.ts';
import { type ConsoleLogin, createAccount, loginCookie } from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { type ApiBody, apiCall, testService } from '../support/service.ts';

const TOKEN = 'directory-admin-token-0123456789';
const NOW = new Date('2026-11-29T02:00:00Z');
type Body = ApiBody;

const HEADER = 'id,kind,name_vi,name_en,unit,phone,address,address_public,source,confirmed';
const GOOD = [
  HEADER,
  'shelter:chieng-lao:nha-tam-lanh,shelter,Nhà tạm lánh Chiềng Lao,Chiềng Lao shelter,Chiềng Lao,0212 3456 789,Bản Hua Trai số 7,no,UBND xã,2026-11-01',
  'health:muong-bu:tram-y-te,health,Trạm y tế Mường Bú,Mường Bú health station,muong bu,0212 3000 111,Bản Mường Bú,yes,Sở Y tế,2026-10-15',
  'legal:son-la:tro-giup,legal_aid,Trợ giúp pháp lý tỉnh,Provincial legal aid,,0212 3852 000,Tô Hiệu,yes,Sở Tư pháp,15/11/2026',
  'health:chieng-lao:cu,health,Trạm y tế cũ,Old health station,Chiềng Lao,0212 3000 222,,no,Sở Y tế,2025-01-10',
].join('\n');

describe.each(testDatabases)('directory editor API on $name', (kind) => {
  let service: Service;
  let commune: ConsoleLogin;
  let viewer: ConsoleLogin;
  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN }, { now: () => NOW });
    const db = service.database.db;
    await createAccount(db, { username: 'chieng-lao', units: ['Chiềng Lao'] });
    await createAccount(db, { username: 'xem', role: 'viewer' });
    commune = await loginCookie(service, 'chieng-lao');
    viewer = await loginCookie(service, 'xem');
  });
  afterAll(() => service?.close());

  const call = (
    method: InjectOptions['method'],
    url: string,
    payload?: unknown,
    as: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
  ) => apiCall(service, as, method, url, payload);
  const count = () => service.database.db.$count(services);
  const row = async (id: string) =>
    (await service.database.db.select().from(services).where(eq(services.id, id)))[0];

  it('previews a CSV with its errors as "line N: column: message" and writes nothing', async () => {
    const before = await count();
    const bad = `${GOOD}\nx,police,Công an,Police,Chiềng Lao,12ab,,no,UBND,2026-11-01`;
    const preview = await call('POST', '/api/v1/directory/import?dryRun=true', bad);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ dryRun: true, ok: false });
    expect(preview.body.errors).toEqual([
      'line 6: phone: "12ab" is not a phone number: digits and spaces only, 3 to 12 digits',
    ]);
    const refused = await call('POST', '/api/v1/directory/import', bad);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual(preview.body.errors);
    expect(await count()).toBe(before);
    const good = await call('POST', '/api/v1/directory/import?dryRun=true', GOOD);
    expect(good.body).toMatchObject({ ok: true, errors: [], added: 4, updated: 0 });
    expect(await count()).toBe(before);
  });

  it('imports a CSV all at once; the bot refers to the new entries after refreshContent', async () => {
    const version = await contentVersion(service.database.db);
    const res = await call('POST', '/api/v1/directory/import', GOOD);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ ok: true, added: 4 });
    expect(res.body.warnings.join()).toContain('line 5: confirmed 2025-01-10 is more than 12 months ago');
    expect(await contentVersion(service.database.db)).not.toBe(version);
    await service.refreshContent();
    const names = service.bot
      .content()
      .directory.forUnit('Mường Bú')
      .map((s) => s.name.vi);
    expect(names).toContain('Trạm y tế Mường Bú');
  });

  it('lists with filters and flags stale entries', async () => {
    const ids = async (q: string) =>
      ((await call('GET', `/api/v1/directory${q}`)).body.entries as Array<{ id: string }>).map((e) => e.id);
    expect(await ids('?unit=Chiềng Lao&kind=health')).toEqual(['health:chieng-lao:cu']);
    expect(await ids('?stale=true')).toEqual(['health:chieng-lao:cu']);
    expect(await ids('?formerDistrict=Mường La')).toEqual(
      expect.arrayContaining(['health:muong-bu:tram-y-te', 'shelter:chieng-lao:nha-tam-lanh']),
    );
    expect((await call('GET', '/api/v1/directory?kind=castle')).status).toBe(400);
  });

  it('edits with the import’s validation; a bad cell is a 400 naming the column, nothing written', async () => {
    const id = 'health:muong-bu:tram-y-te';
    const stored = await row(id);
    const bad = await call('PUT', `/api/v1/directory/${id}`, { phone: '12ab', lat: '21.5' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      'lon: lat and lon go together',
      'phone: "12ab" is not a phone number: digits and spaces only, 3 to 12 digits',
    ]);
    expect(await row(id)).toEqual(stored);
    const ok = await call('PUT', `/api/v1/directory/${id}`, {
      name_vi: 'Trạm y tế xã Mường Bú',
      confirmed: '2026-11-28',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    await service.refreshContent();
    const names = service.bot
      .content()
      .directory.forUnit('Mường Bú')
      .map((s) => s.name.vi);
    expect(names).toContain('Trạm y tế xã Mường Bú');
    expect((await call('PUT', '/api/v1/directory/sos:113', { name_vi: 'x' })).status).toBe(403);
  });

  it('exports the province’s own entries as CSV that imports back unchanged', async () => {
    const res = await service.app.inject({
      url: '/api/v1/directory/export.csv',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.body).toContain('Bản Hua Trai số 7');
    expect(res.body).not.toContain('sos:113');
    const again = await call('POST', '/api/v1/directory/import?dryRun=true', res.body);
    expect(again.body).toMatchObject({ ok: true, added: 0, updated: 4 });
  });

  it('exports text a spreadsheet would run as a formula with an apostrophe, and reads it back as typed', async () => {
    const id = 'legal:son-la:tro-giup';
    const typed = {
      name_vi: '=HYPERLINK("http://x.example","Bấm vào đây")',
      note_vi: '-5 km từ chợ, hỏi @cán bộ',
      note_en: '+ legal advice on Mondays',
    };
    expect((await call('PUT', `/api/v1/directory/${id}`, typed)).status).toBe(200);
    const stored = await row(id);
    const res = await service.app.inject({
      url: '/api/v1/directory/export.csv',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const line = res.body.split('\r\n').find((l) => l.startsWith(`${id},`)) ?? '';
    expect(line).toContain(`"'=HYPERLINK(""http://x.example"",""Bấm vào đây"")"`);
    expect(line).toContain(`'-5 km từ chợ`);
    expect(line).toContain(`'+ legal advice on Mondays`);
    expect(line).not.toMatch(/,[=+\-@]/);
    const back = await call('POST', '/api/v1/directory/import', res.body);
    expect(back.body, JSON.stringify(back.body)).toMatchObject({ ok: true, added: 0 });
    const after = await row(id);
    expect({ ...after, updatedAt: null }).toEqual({ ...stored, updatedAt: null });
    expect(after?.name.vi).toBe(typed.name_vi);
  });

  it('a commune officer sees only their commune and the province’s entries, never a confidential address', async () => {
    const list = (await call('GET', '/api/v1/directory', undefined, commune.headers)).body.entries as Body[];
    const ids = list.map((e) => e.id);
    expect(ids).toContain('legal:son-la:tro-giup');
    expect(ids).toContain('shelter:chieng-lao:nha-tam-lanh');
    expect(ids).not.toContain('health:muong-bu:tram-y-te');
    const shelter = list.find((e) => e.id === 'shelter:chieng-lao:nha-tam-lanh');
    expect(shelter).toMatchObject({ address: null, addressHidden: true, editable: true });
    const one = await call(
      'GET',
      '/api/v1/directory/shelter:chieng-lao:nha-tam-lanh',
      undefined,
      commune.headers,
    );
    expect(JSON.stringify(one.body)).not.toContain('Hua Trai số 7');
    const other = await call(
      'GET',
      '/api/v1/directory/health:muong-bu:tram-y-te',
      undefined,
      commune.headers,
    );
    expect(other.status).toBe(404);
    const csv = await service.app.inject({ url: '/api/v1/directory/export.csv', headers: commune.headers });
    expect(csv.body).toContain('Nhà tạm lánh Chiềng Lao');
    expect(csv.body).not.toContain('Hua Trai số 7');
    expect(csv.body).not.toContain('Mường Bú');
    const admin = await call('GET', '/api/v1/directory/shelter:chieng-lao:nha-tam-lanh');
    expect(admin.body.address).toBe('Bản Hua Trai số 7');
  });

  it('a commune officer edits only their commune’s entries; a hidden address survives their edit', async () => {
    const as = commune.headers;
    const elsewhere = await call(
      'PUT',
      '/api/v1/directory/health:muong-bu:tram-y-te',
      { phone: '0212 3000 999' },
      as,
    );
    expect(elsewhere.status).toBe(403);
    const province = await call(
      'PUT',
      '/api/v1/directory/legal:son-la:tro-giup',
      { phone: '0212 3000 999' },
      as,
    );
    expect(province.status).toBe(403);
    const move = await call('PUT', '/api/v1/directory/health:chieng-lao:cu', { unit: 'Mường Bú' }, as);
    expect(move.status).toBe(403);
    expect((await call('DELETE', '/api/v1/directory/health:muong-bu:tram-y-te', undefined, as)).status).toBe(
      403,
    );
    const own = await call(
      'PUT',
      '/api/v1/directory/shelter:chieng-lao:nha-tam-lanh',
      { phone: '0212 3456 780', address: '' },
      as,
    );
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(await row('shelter:chieng-lao:nha-tam-lanh')).toMatchObject({
      phone: '0212 3456 780',
      address: 'Bản Hua Trai số 7',
    });
    const created = await call(
      'POST',
      '/api/v1/directory',
      {
        kind: 'womens_union',
        name_vi: 'Chi hội phụ nữ bản Lọng',
        name_en: 'Long village women’s group',
        unit: 'Chiềng Lao',
        source: 'Hội LHPN xã',
        confirmed: '2026-11-20',
      },
      as,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const preview = await call(
      'POST',
      '/api/v1/directory/import?dryRun=true',
      `${HEADER}\nhealth:chieng-lao:moi,health,Trạm mới,New station,Chiềng Lao,,,no,Sở Y tế,2026-11-01\nhealth:muong-bu:moi,health,Trạm mới,New station,Mường Bú,,,no,Sở Y tế,2026-11-01`,
      as,
    );
    expect(preview.body.errors).toEqual(['line 3: unit: outside the communes and wards of this account']);
  });

  it('a viewer reads but cannot change anything', async () => {
    expect((await call('GET', '/api/v1/directory', undefined, viewer.headers)).status).toBe(200);
    expect(
      (await call('PUT', '/api/v1/directory/legal:son-la:tro-giup', { phone: '113' }, viewer.headers)).status,
    ).toBe(403);
    expect((await call('POST', '/api/v1/directory/import?dryRun=true', GOOD, viewer.headers)).status).toBe(
      403,
    );
    expect((await call('GET', '/api/v1/faq/nodes', undefined, viewer.headers)).status).toBe(200);
    const faq = await call('DELETE', '/api/v1/faq/nodes/lao-dong.thai-san.tien', undefined, viewer.headers);
    expect(faq.status).toBe(403);
    const communeFaq = await call(
      'DELETE',
      '/api/v1/faq/nodes/lao-dong.thai-san.tien',
      undefined,
      commune.headers,
    );
    expect(communeFaq.status).toBe(403);
  });
});
