import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importServices } from '../src/db/queries/content.ts';
import type { Service } from '../src/service.ts';
import { testDatabases } from './support/db.ts';
import { directoryEntry } from './support/directory-entry.ts';
import { testService } from './support/service.ts';

const entry = directoryEntry({
  id: 'test:legal-aid-chieng-lao',
  kind: 'legal_aid',
  name: { vi: 'Trợ giúp pháp lý (thử nghiệm)', en: 'Legal aid (test)' },
  unit: 'Chiềng Lao',
  formerDistrict: 'Mường La',
  confirmed: '2026-11-01',
});

describe.each(testDatabases)('content refresh of the running service on $name', (kind) => {
  let service: Service;
  let now = new Date('2026-11-29T03:00:00Z');
  beforeAll(async () => {
    service = await testService(kind, {}, { now: () => now });
  });
  afterAll(async () => {
    await service?.close();
  });
  const ids = () =>
    service.bot
      .content()
      .directory.forUnit('Chiềng Lao')
      .map((s) => s.id);

  it('picks up services imported into the database, once', async () => {
    expect(ids()).not.toContain(entry.id);
    expect(await service.refreshContent()).toBe(false);
    await importServices(service.database.db, [entry]);
    expect(await service.refreshContent()).toBe(true);
    expect(ids()).toContain(entry.id);
    expect(await service.refreshContent()).toBe(false);
  });

  it('hides the entry from residents once it has not been confirmed for 12 months', async () => {
    now = new Date('2027-11-05T03:00:00Z');
    expect(await service.refreshContent()).toBe(true);
    expect(ids()).not.toContain(entry.id);
    // The routes the law names for every commune never go stale.
    expect(ids()).toContain('route:police:chieng-lao');
  });
});
