import { describe, expect, it } from 'vitest';
import { detectEmergency } from '../../src/content/emergency.ts';
import { fold } from '../../src/content/normalize.ts';
import { DANGER, ORDINARY } from './emergency-cases.ts';

describe('detectEmergency', () => {
  it('has large enough case sets', () => {
    expect(DANGER.length).toBeGreaterThanOrEqual(45);
    expect(ORDINARY.length).toBeGreaterThanOrEqual(45);
    const plain = DANGER.filter(([t]) => fold(t) === t.toLowerCase());
    expect(plain.length).toBeGreaterThanOrEqual(DANGER.length / 3);
  });

  it.each(DANGER)('finds danger in "%s" (%s)', (text, kind) => {
    expect(detectEmergency(text)?.kinds).toContain(kind);
  });

  it('has recall 1.0 and no false positives on the ordinary set', () => {
    const missed = DANGER.filter(([t, k]) => !detectEmergency(t)?.kinds.includes(k));
    const flagged = ORDINARY.filter((t) => detectEmergency(t));
    expect(missed).toEqual([]);
    expect(flagged.length / ORDINARY.length).toBeLessThanOrEqual(0.05);
    expect(flagged).toEqual([]);
  });

  it('works on the same text with and without diacritics', () => {
    expect(detectEmergency('Tôi bị chồng đánh')?.kinds).toContain('violence_now');
    expect(detectEmergency('toi bi chong danh')?.kinds).toContain('violence_now');
    expect(detectEmergency('Tôi bị chồng đánh'.normalize('NFD'))?.kinds).toContain('violence_now');
  });

  it('adds pregnant only together with a danger', () => {
    expect(detectEmergency('Tôi đang mang thai 3 tháng')).toBeUndefined();
    expect(detectEmergency('Tôi đang mang thai, chồng dọa giết tôi')?.kinds).toEqual(
      expect.arrayContaining(['threat_to_kill', 'pregnant']),
    );
  });

  it('reports several kinds at once', () => {
    const r = detectEmergency('Nó cầm dao dọa giết tôi và nhốt tôi trong nhà');
    expect(r?.kinds).toEqual(expect.arrayContaining(['weapon', 'threat_to_kill', 'confined']));
  });

  it('still triggers when a law question describes the writer in danger', () => {
    expect(detectEmergency('Chồng tôi đánh tôi thì bị phạt thế nào?')?.kinds).toContain('violence_now');
  });
});
