/**
 * Confidential directory addresses against every way an officer writes entries: the API's update and
 * create (the console's entry form sends these) and the CSV import with its preview (the console's
 * import box). Only an admin lifts confidentiality; a refused write stores nothing and names the
 * field; neither the officer (GET, export.csv) nor a resident (web chat by commune and by shared
 * location) ever sees the address. Also: the audit entry names the fields changed, and the bots' own
 * read rule holds even when the data marks a shelter's address public.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardEntry, OPERATOR } from '../../src/api/routes/content/directory-guard.ts';
import { handleTurn } from '../../src/bot/conversation/index.ts';
import type { Inbound } from '../../src/bot/types.ts';
import { buildContentIndex, loadSeedContent } from '../../src/content/index.ts';
import type { Service as Entry, Locale } from '../../src/content/types.ts';
import { listAudit } from '../../src/db/queries/audit.ts';
import { loadContent, saveService } from '../../src/db/queries/content.ts';
import type { Service } from '../../src/service.ts';
import { i18n, NOW as TURN_NOW } from '../conversation/harness.ts';
import { type ConsoleLogin, createAccount, loginCookie } from '../support/console.ts';
import { testDatabases } from '../support/db.ts';
import { directoryEntry } from '../support/directory-entry.ts';
import { type ApiBody, apiCall, testService } from '../support/service.ts';

const TOKEN = 'confidential-admin-token-0123456789';
const NOW = new Date('2026-11-29T02:00:00Z');
const UNIT = 'Chiềng Lao';

// Fictional places; each coordinate is written so that it cannot appear by chance.
const SHELTER = 'shelter:chieng-lao:bi-mat';
const SHELTER_ADDRESS = 'Ngõ bí mật 12, bản Thử';
const SHELTER_AT = { lat: 21.5234, lon: 104.0217 };
const SOCIAL = 'social:chieng-lao:kin';
const SOCIAL_ADDRESS = 'Nhà kín số 4, tổ Thử';
const SOCIAL_AT = { lat: 21.5311, lon: 104.0333 };
const LEGACY = 'trusted:chieng-lao:cu';
const LEGACY_ADDRESS = 'Hẻm cũ số 3, bản Thử';
/** What no officer may ever be shown. */
const HIDDEN = [
  SHELTER_ADDRESS,
  SOCIAL_ADDRESS,
  ...[SHELTER_AT, SOCIAL_AT].flatMap((p) => [p.lat, p.lon]),
].map(String);

const PUBLIC_ONLY = 'address_public: only an admin can make a confidential address public';
const SHELTER_KIND = 'kind: only an admin can change a shelter with a confidential address to another kind';
const CSV_HEAD = 'id,kind,name_vi,name_en,unit,phone,address,address_public,lat,lon,source,confirmed';

const entry = (
  id: string,
  kind: string,
  name: string,
  address: string,
  at: { lat: number; lon: number },
) => ({
  id,
  kind,
  name_vi: name,
  name_en: `${name} (en)`,
  unit: UNIT,
  phone: '0212 000 0101',
  address,
  address_public: 'no',
  lat: String(at.lat),
  lon: String(at.lon),
  source: 'UBND xã',
  confirmed: '2026-11-01',
});

/** What each text holds of the strings that must stay hidden. */
const leaked = (text: string, secrets: readonly string[]) => secrets.filter((s) => text.includes(s));

describe.each(testDatabases)('confidential directory addresses on $name', (kind) => {
  let service: Service;
  let officer: ConsoleLogin;
  const admin = { authorization: `Bearer ${TOKEN}` };
  beforeAll(async () => {
    service = await testService(kind, { ADMIN_TOKEN: TOKEN }, { now: () => NOW });
    await createAccount(service.database.db, { username: 'chieng-lao', units: [UNIT] });
    officer = await loginCookie(service, 'chieng-lao');
    for (const e of [
      entry(SHELTER, 'shelter', 'Nhà tạm lánh bí mật', SHELTER_ADDRESS, SHELTER_AT),
      entry(SOCIAL, 'social_work', 'Công tác xã hội kín', SOCIAL_ADDRESS, SOCIAL_AT),
    ]) {
      const res = await apiCall(service, admin, 'POST', '/api/v1/directory', e);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // Data from before the kind rules: a trusted address marked public. Only its kind keeps it private.
    await saveService(
      service.database.db,
      directoryEntry({
        id: LEGACY,
        kind: 'trusted_address',
        unit: UNIT,
        formerDistrict: 'Mường La',
        phone: '0212 000 0303',
        address: LEGACY_ADDRESS,
        addressPublic: true,
        confirmed: '2026-11-01',
      }),
    );
  });
  afterAll(() => service?.close());

  const asOfficer = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    apiCall(service, officer.headers, method, url, payload);
  const asAdmin = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    apiCall(service, admin, method, url, payload);

  /** Every directory row and the directory's audit entries: a refused write changes neither. */
  const stored = async () => ({
    services: (await loadContent(service.database.db)).services,
    audit: (await listAudit(service.database.db, { action: 'directory', limit: 500 })).entries.length,
  });
  const lastAudit = async () =>
    (await listAudit(service.database.db, { action: 'directory', limit: 1 })).entries[0];

  /** All an officer of the commune reads of the directory: the list, each entry and the CSV export. */
  const officerReads = async () => {
    const texts = [JSON.stringify((await asOfficer('GET', '/api/v1/directory')).body)];
    for (const id of [SHELTER, SOCIAL])
      texts.push(JSON.stringify((await asOfficer('GET', `/api/v1/directory/${id}`)).body));
    const csv = await service.app.inject({ url: '/api/v1/directory/export.csv', headers: officer.headers });
    expect(csv.statusCode).toBe(200);
    return texts.join('\n') + csv.body;
  };

  let residents = 0;
  /** What a resident is told in the web chat about the commune: typed, picked, and by shared location. */
  const residentHears = async () => {
    await service.refreshContent(true);
    const asks = [
      { text: 'chieng lao' },
      { action: `unit:${UNIT}` },
      { text: 'tôi cần chỗ ở an toàn ở Chiềng Lao' },
      { location: SHELTER_AT },
      { location: SOCIAL_AT },
    ];
    const said: string[] = [];
    for (const ask of asks) {
      const res = await service.app.inject({
        method: 'POST',
        url: '/chat/api/messages',
        payload: { chatId: randomUUID(), ...ask },
        // Each as a different resident: the web chat allows 60 messages a minute from one address.
        remoteAddress: `10.9.${Math.floor(residents / 250)}.${(residents++ % 250) + 1}`,
      });
      expect(res.statusCode).toBe(200);
      said.push(JSON.stringify(res.json().messages));
    }
    return said.join('\n');
  };

  /** Sends one officer's attempt; it must be refused with `errors`, store nothing and show nothing. */
  const expectRefused = async (
    send: () => Promise<{ status: number; body: ApiBody }>,
    status: number,
    errors: string[],
  ) => {
    const before = await stored();
    const res = await send();
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.errors).toEqual(errors);
    expect(leaked(JSON.stringify(res.body), HIDDEN)).toEqual([]);
    expect(await stored()).toEqual(before);
    expect(leaked(await officerReads(), HIDDEN)).toEqual([]);
    expect(leaked(await residentHears(), [...HIDDEN, LEGACY_ADDRESS])).toEqual([]);
  };

  it('to begin with, the officer and residents are told the places and phones but no location', async () => {
    const list = (await asOfficer('GET', '/api/v1/directory')).body.entries as ApiBody[];
    expect(list.find((e) => e.id === SHELTER)).toMatchObject({
      address: null,
      lat: null,
      addressHidden: true,
    });
    expect(list.find((e) => e.id === SOCIAL)).toMatchObject({
      address: null,
      lat: null,
      addressHidden: true,
    });
    expect(leaked(await officerReads(), HIDDEN)).toEqual([]);
    const heard = await residentHears();
    expect(heard).toContain('Nhà tạm lánh bí mật');
    expect(heard).toContain('0212 000 0101');
    expect(leaked(heard, [...HIDDEN, LEGACY_ADDRESS])).toEqual([]);
  });

  const puts: Array<[string, string, Record<string, string>, number, string[]]> = [
    [
      'a shelter to another kind, made public',
      SHELTER,
      { kind: 'health', address_public: 'yes' },
      403,
      [PUBLIC_ONLY, SHELTER_KIND],
    ],
    ['a shelter to another kind', SHELTER, { kind: 'health' }, 403, [SHELTER_KIND]],
    [
      'a shelter made public',
      SHELTER,
      { address_public: 'yes' },
      400,
      ["address_public: a shelter's address is never shown; write no"],
    ],
    [
      'a shelter to another kind, made public, its hidden address and position left empty',
      SHELTER,
      { kind: 'legal_aid', address: '', lat: '', lon: '', address_public: 'yes' },
      403,
      [PUBLIC_ONLY, SHELTER_KIND],
    ],
    ['a confidential social_work entry made public', SOCIAL, { address_public: 'yes' }, 403, [PUBLIC_ONLY]],
    [
      'a confidential entry to another kind, made public',
      SOCIAL,
      { kind: 'health', address_public: 'yes' },
      403,
      [PUBLIC_ONLY],
    ],
    [
      'a confidential entry made public, its hidden address left empty',
      SOCIAL,
      { address: '', lat: '', lon: '', address_public: 'yes' },
      403,
      [PUBLIC_ONLY],
    ],
    [
      'a confidential entry made public with an address of the officer’s own',
      SOCIAL,
      { address: 'Số 1 đường Mới', address_public: 'yes' },
      403,
      [PUBLIC_ONLY],
    ],
  ];
  it.each(puts)('refuses an officer’s PUT of %s', async (_name, id, cells, status, errors) => {
    await expectRefused(() => asOfficer('PUT', `/api/v1/directory/${id}`, cells), status, errors);
  });

  it('refuses an officer’s PUT turning a trusted address marked public by old data into another kind', async () => {
    await expectRefused(() => asOfficer('PUT', `/api/v1/directory/${LEGACY}`, { kind: 'legal_aid' }), 403, [
      'kind: only an admin can change a trusted_address with a confidential address to another kind',
    ]);
  });

  it('refuses an officer’s POST that reuses the id of a confidential entry to publish it', async () => {
    const cells = {
      ...entry(SHELTER, 'legal_aid', 'Trợ giúp', '', SHELTER_AT),
      address_public: 'yes',
      lat: '',
      lon: '',
    };
    await expectRefused(() => asOfficer('POST', '/api/v1/directory', cells), 403, [
      PUBLIC_ONLY,
      SHELTER_KIND,
    ]);
  });

  const rows: Array<[string, string, string[]]> = [
    [
      'a shelter as legal aid, public, address empty',
      `${SHELTER},legal_aid,Trợ giúp,Legal aid,${UNIT},0212 000 0101,,yes,,,UBND xã,2026-11-01`,
      [`line 2: ${PUBLIC_ONLY}`, `line 2: ${SHELTER_KIND}`],
    ],
    [
      'a confidential entry public, address empty',
      `${SOCIAL},social_work,Công tác xã hội kín,x,${UNIT},0212 000 0101,,yes,,,UBND xã,2026-11-01`,
      [`line 2: ${PUBLIC_ONLY}`],
    ],
  ];
  it.each(rows)(
    'refuses an officer’s CSV row making %s, in the preview and the import',
    async (_n, row, errors) => {
      const csv = `${CSV_HEAD}\n${row}\n`;
      const before = await stored();
      const preview = await asOfficer('POST', '/api/v1/directory/import?dryRun=true', csv);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ dryRun: true, ok: false, errors });
      expect(await stored()).toEqual(before);
      await expectRefused(() => asOfficer('POST', '/api/v1/directory/import', csv), 403, errors);
    },
  );

  it('lets the officer edit a confidential entry as the form sends it; the address stays and stays hidden', async () => {
    const form = { phone: '0212 000 0202', address: '', lat: '', lon: '' };
    const res = await asOfficer('PUT', `/api/v1/directory/${SHELTER}`, form);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ phone: '0212 000 0202', address: null, lat: null, addressHidden: true });
    const row = (await loadContent(service.database.db)).services.find((s) => s.id === SHELTER);
    expect(row).toMatchObject({ address: SHELTER_ADDRESS, ...SHELTER_AT, addressPublic: false });
    expect(await lastAudit()).toMatchObject({
      action: 'directory.update',
      target: `service:${SHELTER}`,
      details: { fields: ['phone'] },
    });
    expect(leaked(await officerReads(), HIDDEN)).toEqual([]);
    expect(leaked(await residentHears(), HIDDEN)).toEqual([]);
  });

  it('records the fields an import and a new entry change, never their values', async () => {
    const csv = `${CSV_HEAD}\n${SOCIAL},social_work,Công tác xã hội kín,Công tác xã hội kín (en),${UNIT},0212 000 0404,,no,,,UBND xã,2026-11-01\n`;
    const res = await asOfficer('POST', '/api/v1/directory/import', csv);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const imported = await lastAudit();
    expect(imported).toMatchObject({
      action: 'directory.import',
      details: { added: 0, updated: 1, fields: ['phone'], changed: { [SOCIAL]: ['phone'] } },
    });
    const created = await asOfficer('POST', '/api/v1/directory', {
      kind: 'womens_union',
      name_vi: 'Chi hội bản Thử',
      name_en: 'Test village group',
      unit: UNIT,
      phone: '0212 000 0505',
      source: 'Hội LHPN xã',
      confirmed: '2026-11-20',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const made = await lastAudit();
    expect(made).toMatchObject({ action: 'directory.create', target: `service:${created.body.id}` });
    expect(made?.details.fields).toEqual(
      expect.arrayContaining(['kind', 'name_vi', 'unit', 'phone', 'source']),
    );
    expect(made?.details.fields).not.toContain('address_public');
    const details = JSON.stringify([imported?.details, made?.details]);
    for (const value of ['0212 000', 'Chi hội', 'Hội LHPN', ...HIDDEN]) expect(details).not.toContain(value);
  });

  it('an admin makes a confidential address public, and lifts a shelter’s kind; residents then see them', async () => {
    const social = await asAdmin('PUT', `/api/v1/directory/${SOCIAL}`, { address_public: 'yes' });
    expect(social.status, JSON.stringify(social.body)).toBe(200);
    expect(social.body).toMatchObject({ address: SOCIAL_ADDRESS, addressHidden: false });
    expect(await lastAudit()).toMatchObject({
      action: 'directory.update',
      details: { fields: ['address_public'] },
    });
    const shelter = await asAdmin('PUT', `/api/v1/directory/${SHELTER}`, {
      kind: 'legal_aid',
      address_public: 'yes',
    });
    expect(shelter.status, JSON.stringify(shelter.body)).toBe(200);
    expect(await lastAudit()).toMatchObject({ details: { fields: ['kind', 'address_public'] } });
    const heard = await residentHears();
    expect(heard).toContain(SOCIAL_ADDRESS);
    expect(heard).toContain(SHELTER_ADDRESS);
    expect(await officerReads()).toContain(SOCIAL_ADDRESS);
  });
});

describe('the operator’s `hoaban import directory`', () => {
  it('acts as an admin: the guard lets it make a confidential address public and names the fields', () => {
    const stored = directoryEntry({ id: 'x', address: 'Số 9', addressPublic: false });
    const made = guardEntry(OPERATOR, { ...stored, kind: 'health', addressPublic: true }, stored);
    expect(made.refused).toEqual([]);
    expect(made.fields).toEqual(['kind', 'address_public']);
    expect(guardEntry({ role: 'officer' }, { ...stored, addressPublic: true }, stored).refused).toEqual([
      PUBLIC_ONLY,
    ]);
  });
});

describe('the bots show a location only when it is public and not a shelter’s or trusted address’s', () => {
  const seed = loadSeedContent();
  const at = (lat: number, lon: number) => ({ lat, lon });
  const place = (
    id: string,
    kind: Entry['kind'],
    address: string,
    pos: { lat: number; lon: number },
    addressPublic: boolean,
  ) =>
    directoryEntry({
      id,
      kind,
      unit: UNIT,
      formerDistrict: 'Mường La',
      phone: '0212 000 0606',
      address,
      addressPublic,
      ...pos,
      confirmed: '2026-03-01',
    });
  // Bad data on purpose: shelters and trusted addresses marked public.
  const entries = [
    place('s', 'shelter', 'Ngõ lộ 1', at(21.5111, 104.0111), true),
    place('t', 'trusted_address', 'Ngõ lộ 2', at(21.5122, 104.0122), true),
    place('c', 'social_work', 'Ngõ kín 3', at(21.5133, 104.0133), false),
    place('p', 'legal_aid', 'Số 5 đường Công Khai', at(21.5144, 104.0144), true),
  ];
  const content = buildContentIndex(
    { ...seed, services: [...entries, ...seed.services] },
    { today: TURN_NOW },
  );
  const turn = (inbound: Inbound, locale: Locale) =>
    handleTurn(
      { content, i18n, now: TURN_NOW },
      { session: { locale, unit: null }, subscriber: null },
      inbound,
    );
  const text = (t: string): Inbound => ({ channel: 'webchat', chatId: 'c1', kind: 'text', text: t });
  const location = (lat: number, lon: number): Inbound => ({
    channel: 'webchat',
    chatId: 'c1',
    kind: 'location',
    lat,
    lon,
  });

  for (const locale of ['vi', 'en'] as Locale[]) {
    it(`by commune and by shared location [${locale}]`, () => {
      const said = [text('chieng lao'), location(21.512, 104.012)].map((i) =>
        JSON.stringify(turn(i, locale)),
      );
      for (const s of said) {
        expect(leaked(s, ['Ngõ lộ 1', 'Ngõ lộ 2', 'Ngõ kín 3', '21.51', '104.01'])).toEqual([]);
      }
      // The public office nearby is given with its address: the replies do carry addresses.
      expect(said[1]).toContain('Số 5 đường Công Khai');
    });
  }

  // Once they came back with lat/lon removed but their distance and rank kept, which was enough to
  // find them by sharing made-up positions; now a location that is not public is never ranked.
  it('the nearest places are only those whose location is public', () => {
    const near = content.directory.nearest(21.512, 104.012, 4);
    expect(near.map((n) => n.service.id)).toEqual(['p']);
    expect(near[0]?.service).toMatchObject({ lat: 21.5144, lon: 104.0144 });
  });
});
