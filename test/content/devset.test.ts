import { describe, expect, it } from 'vitest';
import { buildContentIndex, loadSeedContent } from '../../src/content/index.ts';
import { fold } from '../../src/content/normalize.ts';
import { DEVSET, scoreDevset } from './devset.ts';

const content = loadSeedContent();
const index = buildContentIndex(content);
const search = (q: string, locale: 'vi' | 'en') => index.faq.search(q, locale, 3).map((h) => h.node.id);

describe('FAQ development set', () => {
  it('reaches the expected answer in the top 3 for at least 90 % of the questions', () => {
    const score = scoreDevset(search);
    expect(score.misses.map((m) => `${m.q} -> ${m.expect} (got ${m.got.join(', ')})`)).toHaveLength(
      Math.round(DEVSET.length * (1 - score.top3)),
    );
    expect(score.top3).toBeGreaterThanOrEqual(0.9);
    expect(score.top1).toBeGreaterThanOrEqual(0.8);
  });

  it('has at least 100 questions, a third typed without diacritics, all pointing at answers', () => {
    expect(DEVSET.length).toBeGreaterThanOrEqual(100);
    const plain = DEVSET.filter((d) => (d.locale ?? 'vi') === 'vi' && fold(d.q) === d.q.toLowerCase());
    expect(plain.length).toBeGreaterThanOrEqual(DEVSET.length / 3);
    for (const d of DEVSET) expect(index.faq.get(d.expect)?.answer, d.expect).toBeDefined();
  });

  it('does not copy node titles as questions', () => {
    const titles = new Set(content.faq.flatMap((n) => [fold(n.title.vi), fold(n.title.en)]));
    for (const d of DEVSET) expect(titles.has(fold(d.q)), d.q).toBe(false);
  });

  it('scoring counts a wrong answer as a miss', () => {
    const score = scoreDevset(() => ['no-such-node'], DEVSET.slice(0, 10));
    expect(score.top3).toBe(0);
    expect(score.misses).toHaveLength(10);
  });
});

describe('shipped FAQ tree', () => {
  const leaves = content.faq.filter((n) => n.answer);

  it('has at least 150 answers, each in Vietnamese and English, within 700 characters', () => {
    expect(leaves.length).toBeGreaterThanOrEqual(150);
    for (const n of leaves) {
      expect(n.answer?.vi.length, n.id).toBeLessThanOrEqual(700);
      expect(n.answer?.en.length, n.id).toBeLessThanOrEqual(700);
      expect(n.keywords.vi.length, n.id).toBeGreaterThan(0);
      expect(n.keywords.en.length, n.id).toBeGreaterThan(0);
      expect(n.field, n.id).toBeDefined();
    }
  });

  it('cites current law only: no Decree 144 and no 2007 domestic-violence law in the answers', () => {
    for (const n of leaves) {
      for (const l of ['vi', 'en'] as const) {
        const text = n.answer?.[l] ?? '';
        // Decree 144 may be named only as the decree Decree 282 replaced.
        if (/144\/2021/.test(text)) expect(text, n.id).toMatch(/282\/2025/);
        expect(text, n.id).not.toMatch(/02\/2007|Luật Phòng, chống bạo lực gia đình (năm )?2007/);
      }
    }
  });
});
