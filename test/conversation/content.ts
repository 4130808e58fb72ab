/**
 * The content the conversation tables run on: the real seed content, and a copy with an extra
 * confidential shelter (with coordinates) for the tests on addresses and shared locations.
 */
import { buildContentIndex, loadSeedContent } from '../../src/content/index.ts';
import type { ContentIndex, Service } from '../../src/content/types.ts';

const seed = loadSeedContent();
/** The tables' clock (harness NOW): staleness is judged on that day, not on the day the suite runs. */
const TODAY = new Date('2026-03-08T09:00:00+07:00');

/** The shipped content, as the bot serves it. */
export const content: ContentIndex = buildContentIndex(seed, { today: TODAY });

/** The shelter's address: it must never appear in any reply. */
export const SECRET = 'Hẻm kín số 9, tổ 3';
export const SHELTER_UNIT = 'Chiềng Lao';
export const SHELTER_AT = { lat: 21.52, lon: 104.02 };

const shelter: Service = {
  id: 'test-shelter',
  kind: 'shelter',
  name: { vi: 'Nhà tạm lánh thử nghiệm', en: 'Test safe house' },
  unit: SHELTER_UNIT,
  formerDistrict: 'Mường La',
  phone: '0212 999 9999',
  hours: { vi: '24/7', en: '24/7' },
  address: SECRET,
  addressPublic: false,
  ...SHELTER_AT,
  note: null,
  languages: ['vi'],
  source: 'test',
  confirmed: '2025-12-01',
};

/** The seed content plus a confidential shelter in SHELTER_UNIT. */
export function contentWithShelter(): ContentIndex {
  return buildContentIndex({ ...seed, services: [shelter, ...seed.services] }, { today: TODAY });
}
