/**
 * Roles and communes on every broadcasts, campaigns and units route, on both databases: an officer
 * of one commune (Chiềng Lao) gets 403 or 404 outside it and succeeds inside; a former district's
 * officer (Mường La) reaches its units and no further; a viewer reads and never writes. Plus the
 * pure decisions (decideAudience, canSee, needsSecondPerson) table-tested.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVINCE, type Scope } from '../../src/api/access.ts';
import { needsSecondPerson } from '../../src/api/routes/broadcasts/four-eyes.ts';
import { canSee, decideAudience } from '../../src/api/routes/broadcasts/scope.ts';
import { insertNotice } from '../../src/db/queries/campaigns.ts';
import { subscribe } from '../../src/db/queries/subscribers.ts';
import type { Service } from '../../src/service.ts';
import { type ConsoleLogin, createAccount, loginCookie } from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';

const TOKEN = 'scope-admin-token-0123456789';
/** 10:00 in Sơn La on 29 November 2026. */
const NOW = new Date('2026-11-29T03:00:00Z');
const LAO = 'Chiềng Lao';
const communeScope: Scope = { all: false, units: new Set([LAO]) };

describe('scope decisions (pure)', () => {
  const content = () => service.bot.content();
  let service: Service;
  beforeAll(async () => {
    service = await testService(testDatabases[0] as (typeof testDatabases)[number]);
  });
  afterAll(() => service?.close());

  it('lets a commune officer address only their commune, and asks for units rather than widening', () => {
    expect(decideAudience(communeScope, { units: [LAO] }, content())).toEqual({ ok: true, units: [LAO] });
    expect(decideAudience(communeScope, { units: [LAO, 'Tô Hiệu'] }, content())).toMatchObject({
      ok: false,
      status: 403,
    });
    // Mường La's five units include Chiềng Lao, but not only it.
    expect(decideAudience(communeScope, { formerDistricts: ['Mường La'] }, content())).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(decideAudience(communeScope, { channels: ['telegram'] }, content())).toMatchObject({
      ok: false,
      status: 400,
      field: 'audience.units',
    });
    expect(decideAudience(communeScope, { units: ['Nowhere'] }, content())).toMatchObject({
      ok: false,
      status: 400,
      field: 'audience.units',
    });
    expect(decideAudience(PROVINCE, {}, content())).toEqual({ ok: true, units: undefined });
  });

  it('shows a stored broadcast only inside the scope; one that no longer resolves only to the province', () => {
    const actor = { id: 'user:1', name: 'x', role: 'officer' as const, via: 'session' as const };
    expect(canSee({ ...actor, scope: communeScope }, { units: [LAO] }, content())).toBe(true);
    expect(canSee({ ...actor, scope: communeScope }, {}, content())).toBe(false);
    expect(canSee({ ...actor, scope: communeScope }, { units: ['Renamed since'] }, content())).toBe(false);
    expect(canSee({ ...actor, scope: PROVINCE }, { units: ['Renamed since'] }, content())).toBe(true);
    expect(canSee(undefined, { units: [LAO] }, content())).toBe(false);
  });

  it.each([
    [[LAO], 1, false],
    [[LAO, 'Tô Hiệu'], 1, true],
    [undefined, 1, true],
    [[LAO], 0, true],
    [[LAO, 'Tô Hiệu'], 2, false],
    [undefined, null, false],
  ] as const)('four eyes for units %j at threshold %s: %s', (units, threshold, expected) => {
    expect(needsSecondPerson(units, threshold)).toBe(expected);
  });
});

describe.each(testDatabases)('roles and communes on every route, on $name', (kind) => {
  let service: Service;
  let commune: ConsoleLogin;
  let district: ConsoleLogin;
  let viewer: ConsoleLogin;
  /** Broadcasts made with the admin token: inside Chiềng Lao, another commune, Mường La, the province. */
  const b: Record<'inside' | 'outside' | 'district' | 'province', number> = {
    inside: 0,
    outside: 0,
    district: 0,
    province: 0,
  };

  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN }, { now: () => NOW });
    const db = service.database.db;
    await createAccount(db, { username: 'lao.officer', role: 'officer', units: [LAO] });
    await createAccount(db, { username: 'muongla.officer', role: 'officer', formerDistricts: ['Mường La'] });
    await createAccount(db, { username: 'lao.viewer', role: 'viewer', units: [LAO] });
    commune = await loginCookie(service, 'lao.officer', undefined, { remoteAddress: '10.1.0.1' });
    district = await loginCookie(service, 'muongla.officer', undefined, { remoteAddress: '10.1.0.2' });
    viewer = await loginCookie(service, 'lao.viewer', undefined, { remoteAddress: '10.1.0.3' });
    for (const [chatId, unit] of [
      ['s1', LAO],
      ['s2', LAO],
      ['s3', 'Tô Hiệu'],
      ['s4', 'Mường Bú'],
    ] as const)
      await subscribe(db, { channel: 'telegram', chatId }, { locale: 'vi', unit, now: NOW });
    const audiences = {
      inside: { units: [LAO] },
      outside: { units: ['Tô Hiệu'] },
      district: { formerDistricts: ['Mường La'] },
      province: {},
    };
    for (const [k, audience] of Object.entries(audiences)) {
      const res = await admin('POST', '/api/v1/broadcasts', { message: { vi: `Tin ${k}` }, audience });
      expect(res.status).toBe(201);
      b[k as keyof typeof b] = res.body.id as number;
    }
  });
  afterAll(() => service?.close());

  const call = async (who: ConsoleLogin | 'admin', method: string, url: string, payload?: unknown) => {
    const headers: Record<string, string> =
      who === 'admin' ? { authorization: `Bearer ${TOKEN}` } : { ...who.headers };
    const res = await service.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    const json = res.headers['content-type']?.toString().startsWith('application/json');
    return { status: res.statusCode, body: (json ? res.json() : {}) as Record<string, unknown>, raw: res };
  };
  const admin = (method: string, url: string, payload?: unknown) => call('admin', method, url, payload);
  const draft = async (who: ConsoleLogin | 'admin', audience: object) => {
    const res = await call(who, 'POST', '/api/v1/broadcasts', { message: { vi: 'Nháp' }, audience });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };

  describe('broadcasts', () => {
    it('POST /api/v1/broadcasts: inside 201; another commune, a former district or several 403; none 400', async () => {
      const ok = await call(commune, 'POST', '/api/v1/broadcasts', {
        message: { vi: 'Họp thôn' },
        audience: { units: [LAO] },
      });
      expect(ok).toMatchObject({ status: 201, body: { status: 'draft', recipients: 2 } });
      for (const audience of [
        { units: ['Tô Hiệu'] },
        { units: [LAO, 'Tô Hiệu'] },
        { formerDistricts: ['Mường La'] },
      ]) {
        const res = await call(commune, 'POST', '/api/v1/broadcasts', { message: { vi: 'x' }, audience });
        expect(res).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      }
      const none = await call(commune, 'POST', '/api/v1/broadcasts', { message: { vi: 'x' } });
      expect(none.status).toBe(400);
      expect(none.body.message).toMatch(/^audience\.units: is required/);
      // The former district's officer reaches all five of its units.
      const wide = await call(district, 'POST', '/api/v1/broadcasts', {
        message: { vi: 'x' },
        audience: { formerDistricts: ['Mường La'] },
      });
      expect(wide).toMatchObject({ status: 201, body: { recipients: 3 } });
    });

    it('POST /api/v1/broadcasts/preview: counts inside, 403 outside, 400 without units', async () => {
      const ok = await call(commune, 'POST', '/api/v1/broadcasts/preview', { audience: { units: [LAO] } });
      expect(ok).toMatchObject({ status: 200, body: { recipients: 2 } });
      const out = await call(commune, 'POST', '/api/v1/broadcasts/preview', {
        audience: { units: ['Tô Hiệu'] },
      });
      expect(out.status).toBe(403);
      expect((await call(commune, 'POST', '/api/v1/broadcasts/preview', {})).status).toBe(400);
      expect(
        (await call(viewer, 'POST', '/api/v1/broadcasts/preview', { audience: { units: [LAO] } })).status,
      ).toBe(200);
    });

    it('GET /api/v1/broadcasts lists only what lies inside; GET /:id is 404 outside', async () => {
      const ids = async (who: ConsoleLogin | 'admin', q = '') =>
        (
          (await call(who, 'GET', `/api/v1/broadcasts?limit=500${q}`)).body.broadcasts as Array<{
            id: number;
          }>
        ).map((x) => x.id);
      const mine = await ids(commune);
      expect(mine).toContain(b.inside);
      for (const k of ['outside', 'district', 'province'] as const) expect(mine).not.toContain(b[k]);
      const theirs = await ids(district);
      expect(theirs).toEqual(expect.arrayContaining([b.inside, b.district]));
      expect(theirs).not.toContain(b.outside);
      expect(theirs).not.toContain(b.province);
      expect(await ids('admin')).toEqual(expect.arrayContaining(Object.values(b)));
      // Paging counts only visible rows.
      const first = await call(commune, 'GET', '/api/v1/broadcasts?limit=1&offset=0');
      expect((first.body.broadcasts as unknown[]).length).toBe(1);

      expect((await call(commune, 'GET', `/api/v1/broadcasts/${b.inside}`)).status).toBe(200);
      expect((await call(viewer, 'GET', `/api/v1/broadcasts/${b.inside}`)).status).toBe(200);
      for (const k of ['outside', 'district', 'province'] as const) {
        const res = await call(commune, 'GET', `/api/v1/broadcasts/${b[k]}`);
        expect(res).toMatchObject({ status: 404, body: { error: 'not_found' } });
      }
      expect((await call(district, 'GET', `/api/v1/broadcasts/${b.district}`)).status).toBe(200);
      expect((await call(district, 'GET', `/api/v1/broadcasts/${b.province}`)).status).toBe(404);
    });

    it('GET /api/v1/broadcasts/:id/events: 404 outside; inside the stream ends for a cancelled one', async () => {
      expect((await call(commune, 'GET', `/api/v1/broadcasts/${b.outside}/events`)).status).toBe(404);
      expect((await call(commune, 'GET', `/api/v1/broadcasts/${b.province}/events`)).status).toBe(404);
      const id = await draft(commune, { units: [LAO] });
      expect((await call(commune, 'POST', `/api/v1/broadcasts/${id}/cancel`)).status).toBe(200);
      const res = await call(commune, 'GET', `/api/v1/broadcasts/${id}/events`);
      expect(res.status).toBe(200);
      expect(res.raw.body).toContain('event: end');
    });

    it('send, cancel, retry and approve: 404 outside, through to the status check inside', async () => {
      for (const action of ['send', 'cancel', 'retry', 'approve']) {
        for (const k of ['outside', 'district', 'province'] as const) {
          const res = await call(commune, 'POST', `/api/v1/broadcasts/${b[k]}/${action}`);
          expect(res.status, `${action} ${k}`).toBe(404);
        }
      }
      const id = await draft('admin', { units: [LAO] });
      // Inside: retry and approve reach the status check (a draft has nothing to retry or approve).
      expect((await call(commune, 'POST', `/api/v1/broadcasts/${id}/retry`)).status).toBe(409);
      expect((await call(commune, 'POST', `/api/v1/broadcasts/${id}/approve`)).status).toBe(409);
      // One commune needs no second person: the officer's send schedules it.
      // A time ahead keeps it scheduled while the service's engine runs.
      const sent = await call(commune, 'POST', `/api/v1/broadcasts/${id}/send`, {
        sendAt: '2026-12-01T08:00:00+07:00',
      });
      expect(sent).toMatchObject({ status: 200, body: { status: 'scheduled' } });
      expect((await call(commune, 'POST', `/api/v1/broadcasts/${id}/cancel`)).status).toBe(200);
      const after = await admin('GET', `/api/v1/broadcasts/${id}`);
      expect(after.body).toMatchObject({
        status: 'cancelled',
        cancelledBy: expect.stringMatching(/^user:\d+$/),
      });
      // Nothing happened to the ones outside.
      for (const k of ['outside', 'district', 'province'] as const)
        expect((await admin('GET', `/api/v1/broadcasts/${b[k]}`)).body.status).toBe('draft');
    });

    it('a viewer reads but never writes; the audit log is for admins', async () => {
      const id = await draft('admin', { units: [LAO] });
      for (const [method, url, payload] of [
        ['POST', '/api/v1/broadcasts', { message: { vi: 'x' }, audience: { units: [LAO] } }],
        ['POST', `/api/v1/broadcasts/${id}/send`, undefined],
        ['POST', `/api/v1/broadcasts/${id}/cancel`, undefined],
        ['POST', `/api/v1/broadcasts/${id}/retry`, undefined],
        ['POST', `/api/v1/broadcasts/${id}/approve`, undefined],
      ] as const) {
        const res = await call(viewer, method, url, payload);
        expect(res, url).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      }
      expect((await admin('GET', `/api/v1/broadcasts/${id}`)).body.status).toBe('draft');
      expect((await call(viewer, 'GET', '/api/v1/broadcasts')).status).toBe(200);
      expect((await call(commune, 'GET', '/api/v1/audit')).status).toBe(403);
      expect((await call(viewer, 'GET', '/api/v1/audit')).status).toBe(403);
      const audit = await admin('GET', '/api/v1/audit?limit=500');
      expect(audit.status).toBe(200);
      // Officers' own actions are audited under their account, never as the admin token.
      const entries = audit.body.entries as Array<{ actor: string; action: string }>;
      expect(entries.some((e) => /^user:\d+$/.test(e.actor) && e.action === 'broadcast.cancel')).toBe(true);
    });
  });

  describe('campaigns', () => {
    const occurrenceOf = async (who: ConsoleLogin | 'admin', audience: object) => {
      const res = await call(who, 'POST', '/api/v1/campaigns/occurrences', {
        date: '2026-12-20',
        message: { vi: 'Nhắc họp' },
        audience,
      });
      return res;
    };

    it('everyone reads the calendar, the theme and the notices', async () => {
      for (const who of [commune, viewer]) {
        const list = await call(who, 'GET', '/api/v1/campaigns/occurrences?year=2026');
        expect(list.status).toBe(200);
        // Province-wide calendar occurrences are readable by all.
        expect((list.body.occurrences as unknown[]).length).toBeGreaterThan(0);
        expect((await call(who, 'GET', '/api/v1/campaigns/themes/2026')).status).toBe(200);
        expect((await call(who, 'GET', '/api/v1/notices')).status).toBe(200);
      }
    });

    it('an officer adds occurrences inside their commune only', async () => {
      expect((await occurrenceOf(commune, { units: [LAO] })).status).toBe(201);
      expect((await occurrenceOf(commune, { units: ['Tô Hiệu'] })).status).toBe(403);
      expect((await occurrenceOf(commune, { formerDistricts: ['Mường La'] })).status).toBe(403);
      const none = await occurrenceOf(commune, {});
      expect(none.status).toBe(400);
      expect(none.body.message).toMatch(/^audience\.units: is required/);
      expect((await occurrenceOf(viewer, { units: [LAO] })).status).toBe(403);
    });

    it('edit, approve, disable and enable: 403 outside (province-wide included), success inside', async () => {
      const list = await call(commune, 'GET', '/api/v1/campaigns/occurrences?year=2026');
      const calendar = (list.body.occurrences as Array<{ id: number; key: string }>).find(
        (o) => !o.key.startsWith('custom:'),
      );
      if (!calendar) throw new Error('no calendar occurrence');
      const outside = (await occurrenceOf('admin', { units: ['Tô Hiệu'] })).body.id as number;
      for (const id of [calendar.id, outside]) {
        const base = `/api/v1/campaigns/occurrences/${id}`;
        expect((await call(commune, 'PATCH', base, { time: '09:00' })).status).toBe(403);
        for (const action of ['approve', 'disable', 'enable'])
          expect((await call(commune, 'POST', `${base}/${action}`)).status, `${action} ${id}`).toBe(403);
      }
      const mine = (await occurrenceOf('admin', { units: [LAO] })).body.id as number;
      const base = `/api/v1/campaigns/occurrences/${mine}`;
      expect((await call(commune, 'PATCH', base, { time: '09:00' })).status).toBe(200);
      // Moving it outside the commune is refused and changes nothing.
      expect((await call(commune, 'PATCH', base, { audience: { units: ['Tô Hiệu'] } })).status).toBe(403);
      expect((await call(commune, 'POST', `${base}/approve`)).body.status).toBe('approved');
      expect((await call(commune, 'POST', `${base}/disable`)).body.status).toBe('disabled');
      expect((await call(commune, 'POST', `${base}/enable`)).body.status).toBe('pending');
      for (const action of ['approve', 'disable', 'enable'])
        expect((await call(viewer, 'POST', `${base}/${action}`)).status).toBe(403);
      expect((await call(viewer, 'PATCH', base, { time: '10:00' })).status).toBe(403);
      // The district's officer may act on the calendar? Not on a province-wide occurrence.
      expect(
        (await call(district, 'POST', `/api/v1/campaigns/occurrences/${calendar.id}/disable`)).status,
      ).toBe(403);
    });

    it('the theme is set by admins; notices are dismissed by province accounts; link codes by any officer', async () => {
      expect((await call(commune, 'PUT', '/api/v1/campaigns/themes/2027', { vi: 'Chủ đề' })).status).toBe(
        403,
      );
      expect((await admin('PUT', '/api/v1/campaigns/themes/2027', { vi: 'Chủ đề' })).status).toBe(200);
      const notice = await insertNotice(service.database.db, {
        key: 'scope-test',
        kind: 'report_deadline',
        dueDate: '2026-12-10',
        data: { period: 'annual' },
        now: NOW,
      });
      const url = `/api/v1/notices/${notice?.id}/dismiss`;
      expect((await call(commune, 'POST', url)).status).toBe(403);
      expect((await call(viewer, 'POST', url)).status).toBe(403);
      expect((await admin('POST', url)).status).toBe(200);
      const code = await call(commune, 'POST', '/api/v1/officer-link-codes');
      expect(code).toMatchObject({ status: 201, body: { code: expect.any(String) } });
      expect((await call(viewer, 'POST', '/api/v1/officer-link-codes')).status).toBe(403);
    });
  });

  describe('units', () => {
    it('lists only the units of the account', async () => {
      const names = async (who: ConsoleLogin | 'admin') =>
        ((await call(who, 'GET', '/api/v1/units')).body.units as Array<{ name: string }>).map((u) => u.name);
      expect(await names(commune)).toEqual([LAO]);
      expect(await names(viewer)).toEqual([LAO]);
      expect((await names(district)).sort()).toEqual(
        ['Chiềng Hoa', 'Chiềng Lao', 'Mường Bú', 'Mường La', 'Ngọc Chiến'].sort(),
      );
      expect(await names('admin')).toHaveLength(75);
    });

    it('poster links and QR codes: 404 outside, through to the Telegram check inside', async () => {
      for (const suffix of ['telegram-link', 'telegram-qr.svg', 'telegram-qr.png']) {
        expect((await call(commune, 'GET', `/api/v1/units/to-hieu/${suffix}`)).status).toBe(404);
        // Inside the commune: past the scope, Telegram is not configured in this service.
        const inside = await call(commune, 'GET', `/api/v1/units/chieng-lao/${suffix}`);
        expect(inside).toMatchObject({ status: 503, body: { error: 'telegram_unavailable' } });
      }
    });
  });
});
