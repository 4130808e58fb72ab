/**
 * Four-eyes approval of broadcasts on both databases: an officer's send to more than one commune
 * waits in awaiting_approval; the one who wrote or sent it cannot approve it (not even through their
 * own API token); a second officer whose communes cover it can; a province-wide one needs a province
 * account; the ADMIN_TOKEN keeps the README's send; FOUR_EYES_ABOVE_UNITS=0 and off change the rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiToken, sha256Hex } from '../../src/api/auth/tokens.ts';
import { insertApiToken } from '../../src/db/queries/accounts.ts';
import { type ConsoleLogin, createAccount, loginCookie } from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { testService } from '../support/service.ts';

const TOKEN = 'four-eyes-admin-token-0123456789';
/** 10:00 in Sơn La on 29 November 2026. */
const NOW = new Date('2026-11-29T03:00:00Z');
/** A time ahead, so the service's engine leaves approved broadcasts scheduled while we look. */
const LATER = '2026-12-01T08:00:00+07:00';
const LAO = 'Chiềng Lao';
let ip = 0;

type Who = ConsoleLogin | { token: string };

async function setUp(kind: (typeof testDatabases)[number], env: Record<string, string> = {}) {
  const service = await testService(kind, { ADMIN_TOKEN: TOKEN, ...env }, { now: () => NOW });
  const db = service.database.db;
  const made: Record<string, ConsoleLogin> = {};
  const accounts: Array<[string, 'officer' | 'viewer' | 'admin', string[], string[]]> = [
    ['anh.province', 'officer', [], []],
    ['binh.province', 'officer', [], []],
    ['lao.officer', 'officer', [LAO], []],
    ['muongla.officer', 'officer', [], ['Mường La']],
    ['province.viewer', 'viewer', [], []],
  ];
  let anhId = 0;
  for (const [username, role, units, formerDistricts] of accounts) {
    const row = await createAccount(db, { username, role, units, formerDistricts });
    if (username === 'anh.province') anhId = row.id;
    made[username] = await loginCookie(service, username, undefined, { remoteAddress: `10.2.0.${++ip}` });
  }
  // Anh's own API token: the same person as her console session.
  const anhToken = newApiToken();
  await insertApiToken(db, { tokenHash: sha256Hex(anhToken), accountId: anhId, label: 'script', now: NOW });

  const call = async (who: Who | 'admin', method: string, url: string, payload?: unknown) => {
    const headers =
      who === 'admin'
        ? { authorization: `Bearer ${TOKEN}` }
        : 'token' in who
          ? { authorization: `Bearer ${who.token}` }
          : who.headers;
    const res = await service.app.inject({
      method: method as 'POST',
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };
  const send = (who: Who | 'admin', audience: object, extra: object = {}) =>
    call(who, 'POST', '/api/v1/broadcasts', {
      message: { vi: 'Tháng hành động' },
      audience,
      send: true,
      sendAt: LATER,
      ...extra,
    });
  return { service, made, anhToken, call, send };
}

describe.each(testDatabases)('four-eyes approval on $name', (kind) => {
  let t: Awaited<ReturnType<typeof setUp>>;
  let anh: ConsoleLogin;
  let binh: ConsoleLogin;
  let lao: ConsoleLogin;
  let muongla: ConsoleLogin;
  let viewer: ConsoleLogin;
  beforeAll(async () => {
    t = await setUp(kind);
    const as = (name: string) => t.made[name] as ConsoleLogin;
    [anh, binh, lao, muongla, viewer] = [
      as('anh.province'),
      as('binh.province'),
      as('lao.officer'),
      as('muongla.officer'),
      as('province.viewer'),
    ];
  });
  afterAll(() => t?.service.close());
  const get = async (id: unknown) => (await t.call('admin', 'GET', `/api/v1/broadcasts/${id}`)).body;
  const approve = (who: Who | 'admin', id: unknown) =>
    t.call(who, 'POST', `/api/v1/broadcasts/${id}/approve`);

  it('holds a send to a former district; the sender is refused; a second officer of the district approves', async () => {
    const created = await t.send(anh, { formerDistricts: ['Mường La'] });
    expect(created).toMatchObject({ status: 201, body: { status: 'awaiting_approval' } });
    const id = created.body.id;
    expect(await get(id)).toMatchObject({
      status: 'awaiting_approval',
      createdBy: expect.stringMatching(/^user:/),
    });
    expect((await get(id)).approvedBy).toBeUndefined();

    // The console's list of what waits for approval.
    const waiting = await t.call(binh, 'GET', '/api/v1/broadcasts?status=awaiting_approval');
    expect((waiting.body.broadcasts as Array<{ id: number }>).map((b) => b.id)).toContain(id);
    const bad = await t.call(binh, 'GET', '/api/v1/broadcasts?status=waiting');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^status: must be one of draft, awaiting_approval/);

    expect(await approve(anh, id)).toMatchObject({ status: 403, body: { error: 'four_eyes' } });
    // Her own API token is still her.
    expect(await approve({ token: t.anhToken }, id)).toMatchObject({
      status: 403,
      body: { error: 'four_eyes' },
    });
    // An officer of one commune does not cover the district's other units: as if it did not exist.
    expect((await approve(lao, id)).status).toBe(404);
    expect((await approve(viewer, id)).status).toBe(403);
    expect((await get(id)).status).toBe('awaiting_approval');

    const ok = await approve(muongla, id);
    expect(ok).toMatchObject({
      status: 200,
      body: { status: 'scheduled', approvedBy: expect.stringMatching(/^user:/) },
    });
    const after = await get(id);
    expect(after).toMatchObject({
      status: 'scheduled',
      approvedBy: ok.body.approvedBy,
      sendAt: '2026-12-01T01:00:00.000Z',
    });
    expect(after.approvedAt).toBe(NOW.toISOString());
    expect(ok.body.approvedBy).not.toBe(after.createdBy);
    // Once approved it cannot be approved again, and there is nothing to edit.
    expect((await approve(binh, id)).status).toBe(409);
    expect((await t.call(anh, 'PATCH', `/api/v1/broadcasts/${id}`, { message: { vi: 'khác' } })).status).toBe(
      404,
    );

    const audit = await t.call('admin', 'GET', '/api/v1/audit?limit=50');
    const mine = (audit.body.entries as Array<{ action: string; actor: string; target: string }>).filter(
      (e) => e.target === `broadcast:${id}`,
    );
    expect(mine.map((e) => e.action)).toEqual(['broadcast.approve', 'broadcast.send', 'broadcast.create']);
    expect(mine[0]?.actor).toBe(ok.body.approvedBy);
  });

  it('a province-wide send needs a province account to approve it', async () => {
    const created = await t.send(anh, {});
    expect(created.body.status).toBe('awaiting_approval');
    expect((await approve(muongla, created.body.id)).status).toBe(404);
    expect((await approve(lao, created.body.id)).status).toBe(404);
    expect(await approve(binh, created.body.id)).toMatchObject({
      status: 200,
      body: { status: 'scheduled' },
    });
  });

  it('neither who wrote a draft nor who sent it may approve it; someone else may', async () => {
    const draft = await t.call(anh, 'POST', '/api/v1/broadcasts', {
      message: { vi: 'Hai xã' },
      audience: { units: [LAO, 'Tô Hiệu'] },
      sendAt: LATER,
    });
    const id = draft.body.id;
    expect(await t.call(binh, 'POST', `/api/v1/broadcasts/${id}/send`)).toMatchObject({
      status: 200,
      body: { status: 'awaiting_approval' },
    });
    expect((await approve(anh, id)).body.error).toBe('four_eyes');
    expect((await approve(binh, id)).body.error).toBe('four_eyes');
    // Sending again is not how it goes out.
    expect((await t.call(binh, 'POST', `/api/v1/broadcasts/${id}/send`)).status).toBe(409);
    expect(await approve('admin', id)).toMatchObject({ status: 200, body: { approvedBy: 'admin-token' } });
  });

  it('one commune needs no second person; a waiting broadcast can be cancelled', async () => {
    expect((await t.send(lao, { units: [LAO] })).body.status).toBe('scheduled');
    const held = await t.send(muongla, { units: ['Mường La', 'Mường Bú'] });
    expect(held.body.status).toBe('awaiting_approval');
    expect(await t.call(muongla, 'POST', `/api/v1/broadcasts/${held.body.id}/cancel`)).toMatchObject({
      status: 200,
      body: { status: 'cancelled' },
    });
    expect((await approve(anh, held.body.id)).status).toBe(409);
  });

  it('an officer who last wrote a campaign occurrence for many communes cannot approve it too', async () => {
    const list = await t.call(anh, 'GET', '/api/v1/campaigns/occurrences?year=2026');
    const occ = (list.body.occurrences as Array<{ id: number; key: string; status: string }>).find(
      (o) => o.key.startsWith('ge-month-weekly:') && o.status === 'pending',
    );
    if (!occ) throw new Error('no pending calendar occurrence');
    const base = `/api/v1/campaigns/occurrences/${occ.id}`;
    expect((await t.call(anh, 'PATCH', base, { time: '09:30' })).status).toBe(200);
    expect(await t.call(anh, 'POST', `${base}/approve`)).toMatchObject({
      status: 403,
      body: { error: 'four_eyes' },
    });
    expect(await t.call(binh, 'POST', `${base}/approve`)).toMatchObject({
      status: 200,
      body: { status: 'approved' },
    });
  });

  it('nobody who wrote an occurrence since its last approval may approve it, not only the last writer', async () => {
    // Anh writes a two-commune occurrence; Bình only moves its time; Anh is still a writer of its text.
    const created = await t.call(anh, 'POST', '/api/v1/campaigns/occurrences', {
      date: '2026-12-20',
      message: { vi: 'Họp bàn về bình đẳng giới' },
      audience: { units: [LAO, 'Tô Hiệu'] },
    });
    expect(created.status).toBe(201);
    const base = `/api/v1/campaigns/occurrences/${created.body.id}`;
    const own = { status: 403, body: { error: 'four_eyes' } };
    expect(await t.call(anh, 'POST', `${base}/approve`)).toMatchObject(own);
    expect((await t.call(binh, 'PATCH', base, { time: '09:00' })).status).toBe(200);
    expect(await t.call(anh, 'POST', `${base}/approve`)).toMatchObject(own);
    expect(await t.call({ token: t.anhToken }, 'POST', `${base}/approve`)).toMatchObject(own);
    expect(await t.call(binh, 'POST', `${base}/approve`)).toMatchObject(own);
    // Disabling and enabling write nothing: the writers stay.
    expect((await t.call(binh, 'POST', `${base}/disable`)).status).toBe(200);
    expect((await t.call(binh, 'POST', `${base}/enable`)).status).toBe(200);
    expect(await t.call(anh, 'POST', `${base}/approve`)).toMatchObject(own);
    // Someone who wrote none of it approves; that approval covers everything written before it.
    await createAccount(t.service.database.db, { username: 'chi.province', role: 'officer' });
    const chi = await loginCookie(t.service, 'chi.province', undefined, { remoteAddress: '10.2.9.1' });
    expect(await t.call(chi, 'POST', `${base}/approve`)).toMatchObject({
      status: 200,
      body: { status: 'approved', writers: [] },
    });
    // After an approval only the later writers are held back: Bình edits, Anh (an earlier writer) approves.
    expect(await t.call(binh, 'PATCH', base, { message: { vi: 'Họp bàn, sửa lại' } })).toMatchObject({
      status: 200,
      body: { status: 'pending' },
    });
    expect(await t.call(binh, 'POST', `${base}/approve`)).toMatchObject(own);
    expect(await t.call(anh, 'POST', `${base}/approve`)).toMatchObject({
      status: 200,
      body: { status: 'approved' },
    });
  });

  it('the ADMIN_TOKEN sends as the README says, without waiting', async () => {
    const res = await t.send('admin', {});
    expect(res).toMatchObject({ status: 201, body: { status: 'scheduled' } });
    expect((await get(res.body.id)).approvedBy).toBe('admin-token');
  });
});

describe('FOUR_EYES_ABOVE_UNITS', () => {
  const pglite = testDatabases[0] as (typeof testDatabases)[number];

  it('0: every broadcast of an account waits, even to one commune', async () => {
    const t = await setUp(pglite, { FOUR_EYES_ABOVE_UNITS: '0' });
    try {
      const res = await t.send(t.made['lao.officer'] as ConsoleLogin, { units: [LAO] });
      expect(res.body.status).toBe('awaiting_approval');
      const second = await t.call(
        t.made['anh.province'] as ConsoleLogin,
        'POST',
        `/api/v1/broadcasts/${res.body.id}/approve`,
      );
      expect(second.body.status).toBe('scheduled');
    } finally {
      await t.service.close();
    }
  });

  it('off: an officer sends province-wide at once', async () => {
    const t = await setUp(pglite, { FOUR_EYES_ABOVE_UNITS: 'off' });
    try {
      const res = await t.send(t.made['anh.province'] as ConsoleLogin, {});
      expect(res).toMatchObject({ status: 201, body: { status: 'scheduled' } });
    } finally {
      await t.service.close();
    }
  });
});
