import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/content/types.ts';
import { content, contentWithShelter, SHELTER_AT, SHELTER_UNIT } from './content.ts';
import { type Case, checkCase, runCase } from './harness.ts';

const both: Locale[] = ['vi', 'en'];
const action = (id: string) => ({
  channel: 'telegram' as const,
  chatId: 'c1',
  kind: 'action' as const,
  action: id,
});

const directory: Case[] = [
  {
    name: 'Tìm nơi hỗ trợ asks where, with the former districts as buttons',
    inbound: action('menu:directory'),
    locales: both,
    intent: 'directory',
    text: { vi: ['xã, phường nào', 'gửi vị trí'], en: ['Which commune', 'share your location'] },
    buttons: ['dir:district:Mường La', 'menu:home'],
    after: { awaiting: 'unit_for_directory' },
  },
  {
    name: 'on the text-only Zalo Bot channel it does not offer to share a location',
    inbound: 'tìm nơi hỗ trợ',
    channel: 'zalo-bot',
    intent: 'directory',
    notText: ['vị trí'],
    after: { awaiting: 'unit_for_directory' },
  },
  {
    name: 'unit name while awaiting: its services and 113 at the end',
    inbound: 'chieng lao',
    session: { awaiting: 'unit_for_directory' },
    locales: both,
    intent: 'directory',
    text: ['Chiềng Lao', '113'],
    after: { unit: 'Chiềng Lao', awaiting: null },
    check: (r) => {
      expect(r.effects).toEqual([
        {
          type: 'stat',
          kind: 'referral',
          unit: 'Chiềng Lao',
          detail: 'commune_authority,hotline,police,trusted_address,womens_union',
        },
      ]);
      expect(r.replies.at(-1)?.text.split('\n\n').at(-1)).toContain('113');
      expect(r.replies[0]?.phones?.map((p) => p.number)).toContain('113');
    },
  },
  {
    name: 'a help request naming the place, without awaiting',
    inbound: 'tìm nơi hỗ trợ ở xã Chiềng Lao',
    intent: 'directory',
    after: { unit: 'Chiềng Lao' },
  },
  {
    name: 'just the place name, without awaiting',
    inbound: 'Chiềng Lao',
    intent: 'directory',
    after: { unit: 'Chiềng Lao' },
  },
  {
    name: 'merged former commune: says where it belongs now',
    inbound: 'xa hua trai',
    locales: both,
    intent: 'directory',
    text: {
      vi: ['Hua Trai (cũ) nay thuộc xã Chiềng Lao'],
      en: ['Hua Trai (former) is now part of Chiềng Lao commune'],
    },
    after: { unit: 'Chiềng Lao' },
  },
  {
    name: 'name of a unit and a former district: the unit, plus a button for the district',
    inbound: 'Mường La',
    session: { awaiting: 'unit_for_directory' },
    intent: 'directory',
    buttons: ['dir:district:Mường La'],
    after: { unit: 'Mường La' },
  },
  {
    name: 'former district button lists its units',
    inbound: action('dir:district:Mường La'),
    intent: 'directory',
    buttons: ['unit:Chiềng Lao', 'unit:Mường La'],
    after: { awaiting: 'unit_for_directory' },
  },
  {
    name: 'ambiguous former name: buttons to choose',
    inbound: 'chieng chung',
    session: { awaiting: 'unit_for_directory' },
    intent: 'directory',
    buttons: ['unit:Đoàn Kết', 'unit:Mường Chanh'],
    after: { awaiting: 'unit_for_directory' },
  },
  {
    name: 'choosing a unit by button',
    inbound: action('unit:Mường Chanh'),
    session: { awaiting: 'unit_for_directory' },
    intent: 'directory',
    after: { unit: 'Mường Chanh', awaiting: null },
  },
  {
    name: 'choosing by number after an ambiguous name',
    inbound: '2',
    session: {
      awaiting: 'unit_for_directory',
      lastButtons: ['unit:Đoàn Kết', 'unit:Mường Chanh', 'menu:home'],
    },
    intent: 'directory',
    after: { unit: 'Mường Chanh' },
  },
  {
    name: 'not found: says so, asks again, keeps waiting',
    inbound: 'xyz khong ton tai',
    session: { awaiting: 'unit_for_directory' },
    locales: both,
    intent: 'directory',
    effects: [],
    text: { vi: ['chưa tìm thấy'], en: ['could not find'] },
    after: { awaiting: 'unit_for_directory' },
  },
  {
    name: 'a question typed while waiting for a place is still answered',
    inbound: 'nghỉ thai sản mấy tháng',
    session: { awaiting: 'unit_for_directory' },
    intent: 'faq',
    after: { awaiting: null },
  },
  // A confidential shelter is never measured from a shared position: a distance would let anyone
  // find it by sharing made-up positions (test/conversation/location-privacy.test.ts). Standing at
  // it, with no public place listed, the resident gets the hotlines and is asked for the commune.
  {
    name: 'shared location at a confidential shelter: no distance, the hotlines and the commune asked',
    content: contentWithShelter(),
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'location', ...SHELTER_AT },
    locales: both,
    after: { awaiting: 'unit_for_directory' },
    intent: 'directory',
    text: { vi: ['113', '1900 969 680', 'được giữ kín'], en: ['113', '1900 969 680', 'kept secret'] },
    notText: ['km', 'Nhà tạm lánh thử nghiệm', 'Test safe house'],
    buttons: ['dir:district:Mường La'],
    check: (r) => expect(r.effects[0]).toMatchObject({ type: 'stat', kind: 'referral' }),
  },
  {
    name: 'shared location with the commune known: its list with the shelter, by phone, no distance',
    content: contentWithShelter(),
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'location', ...SHELTER_AT },
    session: { unit: SHELTER_UNIT },
    locales: both,
    after: { unit: SHELTER_UNIT, awaiting: null },
    intent: 'directory',
    text: {
      vi: ['Nhà tạm lánh thử nghiệm: 0212 999 9999', 'qua điện thoại', '113'],
      en: ['Test safe house: 0212 999 9999', 'by phone', '113'],
    },
    notText: ['km'],
  },
  {
    name: 'shared location far from everything: hotlines and a request for the commune',
    inbound: { channel: 'telegram', chatId: 'c1', kind: 'location', lat: -33.9, lon: 18.4 },
    intent: 'directory',
    text: ['113'],
    after: { awaiting: 'unit_for_directory' },
  },
  {
    name: 'directory with a known unit shows it at once',
    inbound: action('menu:directory'),
    session: { unit: 'Chiềng Lao' },
    intent: 'directory',
    text: ['Chiềng Lao'],
    buttons: ['dir:ask'],
  },
];

describe('directory', () => {
  for (const c of directory) {
    for (const locale of c.locales ?? (['vi'] as Locale[])) {
      it(`${c.name} [${locale}]`, () => checkCase(c, runCase(content, c, locale), locale));
    }
  }
});
