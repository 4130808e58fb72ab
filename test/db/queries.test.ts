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
import { getSubscriber, subscribe, unsubscribe, updateSubscriber } from '../../src/db/queries/subscribers.ts';
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
});
