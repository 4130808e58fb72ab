import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAW_CODES } from '../../src/content/types.ts';
import { LOCALES_DIR } from '../../src/i18n.ts';

const SRC = new URL('../../src/bot/conversation/', import.meta.url);

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

const bot = (lng: string) => JSON.parse(readFileSync(join(LOCALES_DIR, lng, 'bot.json'), 'utf8'));
const vi = keysOf(bot('vi')).sort();
const en = keysOf(bot('en')).sort();

/** Literal keys passed to t(...) or button(turn, id, key) in the conversation sources. */
function usedKeys(): string[] {
  const keys = new Set<string>();
  for (const file of readdirSync(SRC)) {
    const code = readFileSync(new URL(file, SRC), 'utf8');
    for (const m of code.matchAll(/\bt\(\s*'([a-zA-Z.]+)'/g)) keys.add(m[1] as string);
    for (const m of code.matchAll(/button\(turn, '[^']+', '([a-zA-Z.]+)'/g)) keys.add(m[1] as string);
  }
  return [...keys];
}

describe('bot.json', () => {
  it('vi and en have the same keys', () => expect(en).toEqual(vi));

  it('every key the core uses exists', () => {
    const used = usedKeys();
    expect(used.length).toBeGreaterThan(40);
    for (const key of used) expect(vi, key).toContain(key);
  });

  it('keys built at run time exist: laws, leads, unit kinds, menu items', () => {
    const dynamic = [
      ...LAW_CODES.map((c) => `law.${c}`),
      ...['suicide', 'trafficking', 'child', 'strangling', 'sexual', 'pregnant', 'threat', 'violence'].map(
        (l) => `emergency.lead.${l}`,
      ),
      ...['commune', 'ward', 'district'].map((k) => `unit.${k}`),
      ...['faq', 'directory', 'subscribe', 'language', 'delete', 'help'].map((k) => `menu.${k}`),
      'small.hello',
      'small.thanks',
      'lang.vi',
      'lang.en',
      'lang.thai',
      'lang.hmong',
      'lang.hearName.thai',
      'lang.hearName.hmong',
    ];
    for (const key of dynamic) expect(vi, key).toContain(key);
  });

  it('Vietnamese law names follow docs/SOURCES.md', () => {
    const law = bot('vi').law;
    expect(law.BDG2006).toBe('Luật Bình đẳng giới 2006');
    expect(law.PCBLGD2022).toBe('Luật Phòng, chống bạo lực gia đình 2022');
    expect(law.ND282).toBe('Nghị định 282/2025/NĐ-CP');
    expect(law.BLLD2019).toBe('Bộ luật Lao động 2019');
  });
});
