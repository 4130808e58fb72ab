/** A directory entry for tests: every field a Service needs, empty unless the test sets it. */
import type { Service } from '../../src/content/types.ts';

/** A social-work entry named after its id, confirmed on 29 November 2026, with what the test overrides. */
export function directoryEntry(over: Partial<Service> & Pick<Service, 'id'>): Service {
  return {
    kind: 'social_work',
    name: { vi: over.id, en: over.id },
    unit: null,
    formerDistrict: null,
    phone: null,
    hours: null,
    address: null,
    addressPublic: false,
    lat: null,
    lon: null,
    note: null,
    languages: ['vi'],
    source: 'test',
    confirmed: '2026-11-29',
    ...over,
  };
}
