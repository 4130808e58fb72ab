/**
 * The content the conversation tables run on, and a copy with an extra confidential shelter for the
 * test that its address never reaches a reply.
 */
import type { Service } from '../../src/content/types.ts';
import { FIXTURE_FAQ, FIXTURE_SERVICES, FIXTURE_UNITS, fixtureContent } from './fixture.ts';

export const content = fixtureContent();

/** The shelter's address: it must never appear in any reply. */
export const SECRET = 'Hẻm kín số 9, tổ 3';
export const SHELTER_UNIT = 'Chiềng Lao';

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
  lat: 21.3,
  lon: 103.7,
  note: null,
  languages: ['vi'],
  source: 'test',
  confirmed: '2025-12-01',
};

/** Content plus a confidential shelter in SHELTER_UNIT. */
export function contentWithServices() {
  return fixtureContent(FIXTURE_FAQ, FIXTURE_UNITS, [shelter, ...FIXTURE_SERVICES]);
}
