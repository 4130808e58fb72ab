/**
 * Entries an officer imports from the province's CSV, followed through the whole content index and
 * the conversation core: confidential addresses never reach a reply, phones and shared locations do.
 */
import { describe, expect, it } from 'vitest';
import { handleTurn } from '../../src/bot/conversation/index.ts';
import type { Inbound, TurnResult } from '../../src/bot/types.ts';
import { parseDirectoryCsv } from '../../src/content/import/directory-csv.ts';
import { buildContentIndex, loadSeedContent } from '../../src/content/index.ts';
import type { Locale } from '../../src/content/types.ts';
import { createI18n } from '../../src/i18n.ts';

const seed = loadSeedContent();
const i18n = createI18n();
const NOW = new Date('2026-11-30T09:00:00+07:00');
const SHELTER_ADDRESS = 'Ngõ giả định 7, bản Thử';
const TRUSTED_ADDRESS = 'Nhà văn hóa giả định, tổ 12';
const OFFICE_ADDRESS = 'Số 2 đường Thử Nghiệm';
const STALE_ADDRESS = 'Địa chỉ cũ giả định';
// Fictional entries, clearly labelled; coordinates near the real communes so distances make sense.
const CSV = `kind,name_vi,name_en,unit,former_district,phone,address,address_public,lat,lon,source,confirmed
shelter,THỬ Nhà tạm lánh,TEST safe house,chieng lao,,0212 000 0001,"${SHELTER_ADDRESS}",,21.52,104.02,test,2026-11-01
trusted_address,THỬ Địa chỉ tin cậy huyện,TEST district trusted address,,Mường La,0212 000 0004,"${TRUSTED_ADDRESS}",no,21.48,104.05,test,2026-10-01
legal_aid,THỬ Trợ giúp pháp lý,TEST legal aid,Tô Hiệu,,0212 000 0002,"${OFFICE_ADDRESS}",yes,21.3256,103.9188,test,2026-10-15
shelter,THỬ Nhà tạm lánh cũ,TEST old safe house,Chiềng Lao,,0212 000 0005,"${STALE_ADDRESS}",,21.521,104.021,test,2025-06-01
`;
const imported = parseDirectoryCsv(CSV, {
  units: seed.units,
  shippedIds: new Set(seed.services.map((s) => s.id)),
  today: NOW,
});
const content = buildContentIndex(
  { ...seed, services: [...seed.services, ...imported.services] },
  { today: NOW },
);

const text = (t: string): Inbound => ({ channel: 'telegram', chatId: 'c1', kind: 'text', text: t });
const action = (a: string): Inbound => ({ channel: 'telegram', chatId: 'c1', kind: 'action', action: a });
const location = (lat: number, lon: number): Inbound => ({
  channel: 'telegram',
  chatId: 'c1',
  kind: 'location',
  lat,
  lon,
});
function turn(inbound: Inbound, locale: Locale, unit: string | null = null): TurnResult {
  return handleTurn({ content, i18n, now: NOW }, { session: { locale, unit }, subscriber: null }, inbound);
}
const shown = (r: TurnResult) => JSON.stringify([r.replies, r.effects]);
const phones = (r: TurnResult) => r.replies.flatMap((x) => x.phones ?? []).map((p) => p.number);

describe('imported directory entries in conversations', () => {
  it('the sample rows import cleanly (one stale with a warning)', () => {
    expect(imported.errors).toEqual([]);
    expect(imported.services).toHaveLength(4);
    expect(imported.warnings).toEqual([
      expect.stringMatching(/^line 5: confirmed 2025-06-01 .* hidden from residents/),
    ]);
  });

  const turns: Array<[string, Inbound, string | null]> = [
    ['unit typed without diacritics', text('chieng lao'), null],
    ['unit button', action('unit:Chiềng Lao'), null],
    ['another unit of the former district', action('unit:Mường Bú'), null],
    ['former district typed', text('huyện Mường La'), null],
    ['directory with the unit known', action('menu:directory'), 'Chiềng Lao'],
    ['emergency with the unit known', text('chồng tôi đang đánh tôi'), 'Chiềng Lao'],
    ['emergency with no safe place', text('tôi không có chỗ ở đêm nay'), 'Chiềng Lao'],
    ['emergency, unit unknown', text('chong toi dang danh toi'), null],
    ['location at the shelter', location(21.52, 104.02), null],
    ['location at the trusted address', location(21.48, 104.05), null],
  ];
  for (const locale of ['vi', 'en'] as Locale[]) {
    for (const [name, inbound, unit] of turns) {
      it(`never shows a shelter or trusted address, nor a stale entry: ${name} [${locale}]`, () => {
        const r = turn(inbound, locale, unit);
        for (const secret of [SHELTER_ADDRESS, TRUSTED_ADDRESS, STALE_ADDRESS, 'Ngõ giả định', 'tổ 12']) {
          expect(shown(r)).not.toContain(secret);
        }
        expect(shown(r)).not.toContain('0212 000 0005');
      });
    }
  }

  it('gives the shelter by name and phone for its commune, saying the address comes by phone', () => {
    const r = turn(text('chieng lao'), 'vi');
    const all = r.replies.map((x) => x.text).join('\n');
    expect(all).toContain('THỬ Nhà tạm lánh');
    expect(all).toContain('Địa chỉ được cung cấp qua điện thoại');
    expect(phones(r)).toEqual(expect.arrayContaining(['0212 000 0001', '0212 000 0004']));
    const en = turn(action('unit:Mường Bú'), 'en');
    expect(en.replies.map((x) => x.text).join('\n')).toContain('TEST district trusted address');
    expect(phones(en)).toContain('0212 000 0004');
    expect(phones(en)).not.toContain('0212 000 0001');
  });

  // Shelters and trusted addresses are no longer found, ranked or measured by a shared position
  // (their distance let anyone find them by sharing made-up positions): only public places are, and
  // the confidential ones come with the commune's list, by phone.
  it('a shared location next to the shelter ranks only public places; the shelter comes by commune', () => {
    const r = turn(location(21.519, 104.019), 'vi');
    expect(r.intent).toBe('directory');
    const all = r.replies.map((x) => x.text).join('\n');
    expect(all).toMatch(/THỬ Trợ giúp pháp lý: 0212 000 0002 \(khoảng \d+ km\)/);
    expect(all).not.toContain('THỬ Nhà tạm lánh');
    expect(all).not.toContain('THỬ Địa chỉ tin cậy huyện');
    expect(r.session).toMatchObject({ awaiting: 'unit_for_directory' });
    expect(content.directory.nearest(21.519, 104.019, 3).map((n) => n.service.phone)).toEqual([
      '0212 000 0002',
    ]);
    const known = turn(location(21.519, 104.019), 'vi', 'Chiềng Lao');
    const listed = known.replies.map((x) => x.text).join('\n');
    expect(listed).toContain('THỬ Nhà tạm lánh: 0212 000 0001\n');
    expect(listed.indexOf('THỬ Nhà tạm lánh')).toBeLessThan(listed.indexOf('THỬ Địa chỉ tin cậy huyện'));
    expect(phones(known)).toEqual(expect.arrayContaining(['0212 000 0001', '0212 000 0004']));
    expect(known.session?.unit).toBe('Chiềng Lao');
  });

  it('shows the address of a public office found by location', () => {
    const r = turn(location(21.326, 103.918), 'en');
    const all = r.replies.map((x) => x.text).join('\n');
    expect(all).toContain('TEST legal aid');
    expect(all).toContain(`Address: ${OFFICE_ADDRESS}`);
    expect(phones(r)).toContain('0212 000 0002');
  });

  it('the stale shelter is back when judged before it went stale, still without its address', () => {
    const then = new Date('2026-03-01T09:00:00+07:00');
    const old = buildContentIndex({ ...seed, services: imported.services }, { today: then });
    const r = handleTurn(
      { content: old, i18n, now: then },
      { session: { locale: 'vi', unit: null }, subscriber: null },
      text('chieng lao'),
    );
    expect(phones(r)).toContain('0212 000 0005');
    expect(shown(r)).not.toContain(STALE_ADDRESS);
  });
});
