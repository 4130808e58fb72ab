import { describe, expect, it } from 'vitest';
import { handleTurn } from '../../src/bot/conversation/index.ts';
import type { Inbound } from '../../src/bot/types.ts';
import type { Locale } from '../../src/content/types.ts';
import { contentWithShelter, SECRET, SHELTER_AT, SHELTER_UNIT } from './content.ts';
import { i18n, NOW } from './harness.ts';

const content = contentWithShelter();
const text = (t: string): Inbound => ({ channel: 'telegram', chatId: 'c1', kind: 'text', text: t });
const action = (a: string): Inbound => ({ channel: 'telegram', chatId: 'c1', kind: 'action', action: a });
const unit = content.units.get(SHELTER_UNIT);

const turns: Array<[string, Inbound, string | null]> = [
  ['unit typed', text(SHELTER_UNIT), null],
  ['unit button', action(`unit:${SHELTER_UNIT}`), null],
  ['directory with the unit known', action('menu:directory'), SHELTER_UNIT],
  ['emergency with the unit known', text('chồng tôi đang đánh tôi'), SHELTER_UNIT],
  ['emergency with no safe place', text('tôi không có chỗ ở đêm nay'), SHELTER_UNIT],
  ['former district list', action(`dir:district:${unit?.formerDistrict}`), null],
  ['location at the shelter', { channel: 'telegram', chatId: 'c1', kind: 'location', ...SHELTER_AT }, null],
];

describe('a confidential shelter address never appears', () => {
  for (const locale of ['vi', 'en'] as Locale[]) {
    for (const [name, inbound, known] of turns) {
      it(`${name} [${locale}]`, () => {
        const r = handleTurn(
          { content, i18n, now: NOW },
          { session: { locale, unit: known }, subscriber: null },
          inbound,
        );
        const shown = JSON.stringify(r.replies);
        expect(shown).not.toContain(SECRET);
        expect(shown).not.toContain('Hẻm kín');
        expect(JSON.stringify(r.effects)).not.toContain(SECRET);
      });
    }
  }

  it('the shelter itself is listed, with its phone and the by-phone note', () => {
    const r = handleTurn(
      { content, i18n, now: NOW },
      { session: { locale: 'vi' }, subscriber: null },
      text(SHELTER_UNIT),
    );
    const all = r.replies.map((x) => x.text).join('\n');
    expect(all).toContain('Nhà tạm lánh thử nghiệm');
    expect(all).toContain('Địa chỉ được cung cấp qua điện thoại');
    expect(all).toContain('Địa chỉ không công khai');
    expect(r.replies.flatMap((x) => x.phones ?? []).map((p) => p.number)).toContain('0212 999 9999');
  });
});
