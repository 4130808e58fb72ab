import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent, phoneNumbersIn } from '../../src/content/check.ts';
import { generatedServices, loadSeedContent, SEED_DIR } from '../../src/content/index.ts';
import { PLAN_FIELDS } from '../../src/content/schemas.ts';
import type { FaqNode, LawCode, Service } from '../../src/content/types.ts';

const seed = loadSeedContent();
const today = new Date('2026-11-30T00:00:00Z');
const clone = () => structuredClone(seed);
const leaf = (faq: FaqNode[]) => faq.find((n) => n.id === 'lao-dong.thai-san.thoi-gian') as FaqNode;

describe('shipped content', () => {
  it('passes with zero errors and zero warnings', () => {
    const r = checkContent(seed, today, { shipped: true });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.counts.answers).toBeGreaterThanOrEqual(30);
    expect(r.counts.units).toBe(75);
    for (const f of PLAN_FIELDS) {
      expect(r.counts.byField[f]).toBeGreaterThan(0);
    }
  });

  it('passes with the generated routes too', () => {
    const r = checkContent(
      { ...seed, services: [...seed.services, ...generatedServices(seed.units)] },
      today,
    );
    expect(r.errors).toEqual([]);
  });

  it('answers the maternity-leave question citing BLLD2019 Art 139', () => {
    expect(leaf(seed.faq).citations).toContainEqual({ law: 'BLLD2019', article: '139' });
  });

  it('cites no BHXH2024 article and no unverified law', () => {
    const laws = seed.faq.flatMap((n) => n.citations.map((c) => c.law));
    expect(laws).not.toContain('BHXH2024');
    for (const n of seed.faq) {
      if (!n.answer) expect(n.citations).toEqual([]);
      expect(n.reviewed).toBe('2026-11-29');
      expect(n.reviewBy).toBe('2027-11-29');
    }
  });
});

describe('checkContent errors', () => {
  const errorsOf = (mutate: (d: ReturnType<typeof clone>) => void) => {
    const d = clone();
    mutate(d);
    return checkContent(d, today).errors.join('\n');
  };

  it('unknown law code', () => {
    expect(errorsOf((d) => leaf(d.faq).citations.push({ law: 'LUAT1999' as LawCode, article: '1' }))).toMatch(
      /unknown law code "LUAT1999"/,
    );
  });
  it('answer without citation', () => {
    expect(errorsOf((d) => (leaf(d.faq).citations = []))).toMatch(
      /thoi-gian: an answer needs at least one citation/,
    );
  });
  it('review date passed', () => {
    expect(errorsOf((d) => (leaf(d.faq).reviewBy = '2026-01-01'))).toMatch(/reviewBy 2026-01-01 is before/);
  });
  it('unverified phone number in an answer', () => {
    const e = errorsOf((d) => {
      const n = leaf(d.faq);
      if (n.answer) n.answer.vi += ' Gọi 0212 3852 999 để hỏi.';
    });
    expect(e).toMatch(/answer\.vi: phone number 02123852999/);
  });
  it('unverified phone on a shipped service', () => {
    const shipped = (mutate: (d: ReturnType<typeof clone>) => void) => {
      const d = clone();
      mutate(d);
      return checkContent(d, today, { shipped: true }).errors.join('\n');
    };
    expect(shipped((d) => ((d.services[0] as Service).phone = '0912 345 678'))).toMatch(
      /phone 0912 345 678 is not/,
    );
    expect(shipped((d) => ((d.services[0] as Service).note = { vi: 'Gọi 116', en: 'Call 116' }))).toMatch(
      /116/,
    );
  });
  it("an officer's entry vouches for its own phone, FAQ texts never do", () => {
    const d = clone();
    const s = d.services[0] as Service;
    s.phone = '0912 345 678';
    s.note = { vi: 'Ngoài giờ gọi 0912 345 678', en: 'After hours call 0912 345 678' };
    expect(checkContent(d, today).errors).toEqual([]);
    const n = leaf(d.faq);
    if (n.answer) n.answer.en += ' Call 0912 345 678.';
    expect(checkContent(d, today).errors).toEqual([
      'faq lao-dong.thai-san.thoi-gian answer.en: phone number 0912345678 is not in the verified list',
    ]);
  });
  it('missing parent', () => {
    expect(errorsOf((d) => (leaf(d.faq).parent = 'khong-co'))).toMatch(/parent "khong-co" does not exist/);
  });
  it('missing or empty translation', () => {
    expect(errorsOf((d) => (leaf(d.faq).title.en = ''))).toMatch(/title\.en is missing or empty/);
    expect(
      errorsOf((d) => {
        const n = leaf(d.faq);
        if (n.answer) n.answer = { vi: n.answer.vi } as FaqNode['answer'];
      }),
    ).toMatch(/answer\.en is missing or empty/);
  });
  it('duplicate ids', () => {
    expect(errorsOf((d) => d.faq.push(structuredClone(leaf(d.faq))))).toMatch(/thoi-gian: duplicate id/);
    expect(errorsOf((d) => d.services.push(structuredClone(d.services[0] as Service)))).toMatch(
      /duplicate id/,
    );
  });
  it('unit count', () => {
    expect(errorsOf((d) => d.units.pop())).toMatch(/expected 75 units, found 74/);
  });
  it('public shelter address', () => {
    expect(
      errorsOf(
        (d) => ((d.services.find((s) => s.kind === 'trusted_address') as Service).addressPublic = true),
      ),
    ).toMatch(/address must never be public/);
  });
  it('lists entries not confirmed for 12 months, but not the report routes', () => {
    const d = clone();
    (d.services[1] as Service).confirmed = '2025-11-29';
    (d.services[2] as Service).confirmed = '2025-11-30';
    d.services.push(...generatedServices(d.units).map((r) => ({ ...r, confirmed: '2020-01-01' })));
    const r = checkContent(d, today);
    expect(r.stale).toEqual([{ id: (d.services[1] as Service).id, confirmed: '2025-11-29' }]);
    expect(r.errors).toEqual([]);
    expect(checkContent(seed, today).stale).toEqual([]);
  });
  it('warns on an unverified article', () => {
    const d = clone();
    leaf(d.faq).citations.push({ law: 'BHXH2024', article: '59' });
    expect(checkContent(d, today).warnings.join()).toMatch(/BHXH2024 article 59/);
  });
});

describe('phoneNumbersIn', () => {
  it('finds phone numbers and ignores amounts, years and articles', () => {
    expect(phoneNumbersIn('Gọi 113 hoặc 1900 969 680')).toEqual(['113', '1900969680']);
    expect(
      phoneNumbersIn('phạt 30.000.000 đồng theo Nghị định 282/2025, Điều 118, năm 2025, 6 tháng'),
    ).toEqual([]);
    expect(phoneNumbersIn('số cũ 18001567, gọi 116')).toEqual(['18001567', '116']);
  });
});

describe('loadSeedContent', () => {
  const broken = (file: string, edit: (json: unknown[]) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'hoaban-content-'));
    for (const f of ['faq.json', 'services.json', 'units.json']) {
      writeFileSync(join(dir, f), readFileSync(join(SEED_DIR, f), 'utf8'));
    }
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    edit(file === 'units.json' ? json.units : json);
    writeFileSync(join(dir, file), JSON.stringify(json));
    return () => loadSeedContent(dir);
  };

  it('loads the shipped files', () => {
    expect(seed.faq.length).toBeGreaterThan(30);
    expect(seed.services.length).toBe(8);
    expect(seed.units.length).toBe(75);
  });

  it('names the file, id and field of bad data', () => {
    const bad = broken('faq.json', (faq) => {
      const n = faq.find((x) => (x as FaqNode).id === 'lao-dong.thai-san.di-lam-som') as FaqNode;
      n.citations = [{ law: 'ND144' as LawCode, article: '52' }];
    });
    expect(bad).toThrow(/faq\.json: id "lao-dong\.thai-san\.di-lam-som": citations\.0\.law/);
    expect(broken('services.json', (s) => ((s[0] as { kind: string }).kind = 'spa'))).toThrow(
      /services\.json: id "sos:113": kind/,
    );
    expect(broken('units.json', (u) => ((u[0] as { kind: string }).kind = 'town'))).toThrow(
      /units\.json: name "Tô Hiệu": kind/,
    );
    expect(
      broken('services.json', (s) => {
        const t = s.find((x) => (x as { kind: string }).kind === 'trusted_address') as {
          addressPublic: boolean;
        };
        t.addressPublic = true;
      }),
    ).toThrow(/addressPublic: shelters and trusted addresses/);
  });
});
