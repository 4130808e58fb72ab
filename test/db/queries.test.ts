import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedContent } from '../../src/content/index.ts';
import type { Database } from '../../src/db/client.ts';
import { prepareDatabase } from '../../src/db/prepare.ts';
import { loadContent } from '../../src/db/queries/content.ts';
import {
  claimUpdate,
  getSession,
  purgeConversation,
  saveSession,
} from '../../src/db/queries/conversation.ts';
import {
  consumeOfficerCode,
  getSubscriber,
  linkOfficer,
  officerCodeHash,
  subscribe,
  unsubscribe,
  updateSubscriber,
} from '../../src/db/queries/subscribers.ts';
import { officerLinkCodes } from '../../src/db/schema/campaigns.ts';
import { testDatabases } from '../support/db.ts';

describe.each(testDatabases)('database queries on $name', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await kind.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('has the extensions, and migrating again changes nothing', async () => {
    const again = await prepareDatabase(database);
    expect(again.seeded).toBe(false);
    const ext = await database.db.execute(sql`select extname from pg_extension order by extname`);
    const names = (ext as unknown as { rows: Array<{ extname: string }> }).rows.map((r) => r.extname);
    expect(names).toEqual(expect.arrayContaining(['pg_trgm', 'unaccent']));
    const folded = await database.db.execute(sql`select unaccent('Chiềng Cơi') as u`);
    expect((folded as unknown as { rows: Array<{ u: string }> }).rows[0]?.u).toBe('Chieng Coi');
  });

  it('stores the shipped content and reads it back unchanged', async () => {
    const seed = loadSeedContent();
    const stored = await loadContent(database.db);
    const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(stored.faq)).toEqual(byId(seed.faq));
    expect(byId(stored.services)).toEqual(byId(seed.services));
    expect([...stored.units].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [...seed.units].sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(stored.units).toHaveLength(75);
  });

  it('subscribes, keeps the area on a second subscribe, and unsubscribes', async () => {
    const k = { channel: 'webchat', chatId: `sub-${kind.name}` };
    const t0 = new Date('2026-11-25T02:00:00Z');
    expect(await getSubscriber(database.db, k)).toBeUndefined();
    await subscribe(database.db, k, { locale: 'vi', unit: 'Chiềng Lao', now: t0 });
    await subscribe(database.db, k, { locale: 'en', unit: null, now: t0 });
    let row = await getSubscriber(database.db, k);
    expect(row).toMatchObject({ subscribed: true, locale: 'en', unit: 'Chiềng Lao' });
    expect(row?.consentAt?.toISOString()).toBe(t0.toISOString());
    await updateSubscriber(database.db, k, { unit: null, now: t0 });
    await unsubscribe(database.db, k, new Date('2026-11-26T02:00:00Z'));
    row = await getSubscriber(database.db, k);
    expect(row).toMatchObject({ subscribed: false, unit: null });
    expect(row?.unsubscribedAt?.toISOString()).toBe('2026-11-26T02:00:00.000Z');
  });

  it('claims an update id once', async () => {
    const now = new Date();
    expect(await claimUpdate(database.db, 'telegram', `u-${kind.name}`, now)).toBe(true);
    expect(await claimUpdate(database.db, 'telegram', `u-${kind.name}`, now)).toBe(false);
    expect(await claimUpdate(database.db, 'zalo-bot', `u-${kind.name}`, now)).toBe(true);
  });

  it('purges sessions and update ids past their retention only', async () => {
    const old = new Date('2026-01-01T00:00:00Z');
    const recent = new Date('2026-11-28T00:00:00Z');
    await saveSession(database.db, { channel: 'webchat', chatId: 'old' }, { faqNode: null }, old);
    await saveSession(database.db, { channel: 'webchat', chatId: 'recent' }, { faqNode: 'x' }, recent);
    await claimUpdate(database.db, 'telegram', 'old-update', old);
    await purgeConversation(database.db, {
      sessionsBefore: new Date('2026-11-01'),
      updatesBefore: new Date('2026-11-01'),
    });
    expect(await getSession(database.db, { channel: 'webchat', chatId: 'old' })).toBeNull();
    expect(await getSession(database.db, { channel: 'webchat', chatId: 'recent' })).toEqual({ faqNode: 'x' });
    expect(await claimUpdate(database.db, 'telegram', 'old-update', recent)).toBe(true);
  });

  it('sets and clears the listening language and the officer flag without creating rows', async () => {
    const k = { channel: 'telegram', chatId: `hear-${kind.name}` };
    const t0 = new Date('2026-11-25T02:00:00Z');
    await updateSubscriber(database.db, k, { hearLang: 'thai', now: t0 });
    expect(await getSubscriber(database.db, k)).toBeUndefined();
    await subscribe(database.db, k, { locale: 'vi', unit: null, now: t0 });
    await updateSubscriber(database.db, k, { hearLang: 'hmong', officer: true, now: t0 });
    expect(await getSubscriber(database.db, k)).toMatchObject({
      hearLang: 'hmong',
      officer: true,
      locale: 'vi',
    });
    await updateSubscriber(database.db, k, { hearLang: null, officer: false, now: t0 });
    expect(await getSubscriber(database.db, k)).toMatchObject({
      hearLang: null,
      officer: false,
      subscribed: true,
    });
  });

  it('links an officer chat: a new row is not subscribed, an existing one keeps its subscription', async () => {
    const t0 = new Date('2026-11-25T02:00:00Z');
    const fresh = { channel: 'zalo-bot', chatId: `officer-new-${kind.name}` };
    await linkOfficer(database.db, fresh, { locale: 'en', now: t0 });
    expect(await getSubscriber(database.db, fresh)).toMatchObject({
      officer: true,
      subscribed: false,
      locale: 'en',
    });
    const subscribed = { channel: 'zalo-bot', chatId: `officer-sub-${kind.name}` };
    await subscribe(database.db, subscribed, { locale: 'vi', unit: 'Chiềng Lao', now: t0 });
    await linkOfficer(database.db, subscribed, { locale: 'en', now: t0 });
    expect(await getSubscriber(database.db, subscribed)).toMatchObject({
      officer: true,
      subscribed: true,
      locale: 'vi',
      unit: 'Chiềng Lao',
    });
  });

  it('consumes a one-time code once, before it expires, typed in any case and with or without hyphens', async () => {
    const now = new Date('2026-11-29T03:00:00Z');
    const later = new Date('2026-11-29T04:00:00Z');
    const add = (hash: string, expiresAt: Date) =>
      database.db.insert(officerLinkCodes).values({ codeHash: hash, createdBy: 'lan', expiresAt });
    expect(officerCodeHash(' k7p4-qx2m ')).toBe(officerCodeHash('K7P4QX2M'));
    expect(officerCodeHash('K7P4QX2M')).toMatch(/^[0-9a-f]{64}$/);

    await add(officerCodeHash('K7P4-QX2M'), later);
    expect(await consumeOfficerCode(database.db, 'k7p4qx2m', now)).toBe('lan');
    expect(await consumeOfficerCode(database.db, 'K7P4-QX2M', now)).toBeUndefined();

    await add(officerCodeHash('EXP1RED1'), now);
    expect(await consumeOfficerCode(database.db, 'EXP1RED1', now)).toBeUndefined();
    expect(await consumeOfficerCode(database.db, 'EXP1RED1', new Date(now.getTime() - 1))).toBe('lan');

    // A row hashed from the code exactly as shown (mixed case) is accepted when typed exactly.
    const { createHash } = await import('node:crypto');
    await add(createHash('sha256').update('aB3dE5fG').digest('hex'), later);
    expect(await consumeOfficerCode(database.db, 'aB3dE5fG', now)).toBe('lan');

    expect(await consumeOfficerCode(database.db, 'NEVERMADE1', now)).toBeUndefined();
  });

  it('lets only one of two concurrent turns use a code', async () => {
    const now = new Date('2026-11-29T03:00:00Z');
    await database.db.insert(officerLinkCodes).values({
      codeHash: officerCodeHash(`RACE${kind.name}1`),
      createdBy: 'lan',
      expiresAt: new Date('2027-01-01'),
    });
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        database.db.transaction((tx) => consumeOfficerCode(tx as never, `RACE${kind.name}1`, now)),
      ),
    );
    expect(results.filter((r) => r === 'lan')).toHaveLength(1);
  });
});
