import { describe, expect, it } from 'vitest';
import { isQuiet, localMinutes, quietEndsAt } from '../../src/bot/broadcast/quiet-hours.ts';

const NIGHT = { start: 21 * 60, end: 7 * 60 };
const HCM = 'Asia/Ho_Chi_Minh';

describe('quiet hours', () => {
  it.each([
    ['2026-11-25T13:59:00Z', false], // 20:59 local
    ['2026-11-25T14:00:00Z', true], // 21:00
    ['2026-11-25T16:59:00Z', true], // 23:59
    ['2026-11-25T17:00:00Z', true], // 00:00
    ['2026-11-25T23:59:00Z', true], // 06:59
    ['2026-11-26T00:00:00Z', false], // 07:00
    ['2026-11-26T05:00:00Z', false], // 12:00
  ])('at %s in Sơn La quiet is %s (21:00-07:00)', (iso, quiet) => {
    expect(isQuiet(new Date(iso), HCM, NIGHT)).toBe(quiet);
  });

  it('a window within one day, "off", and an empty window', () => {
    const lunch = { start: 12 * 60, end: 13 * 60 + 30 };
    expect(isQuiet(new Date('2026-11-25T05:30:00Z'), HCM, lunch)).toBe(true);
    expect(isQuiet(new Date('2026-11-25T06:30:00Z'), HCM, lunch)).toBe(false);
    expect(isQuiet(new Date('2026-11-25T16:00:00Z'), HCM, null)).toBe(false);
    expect(isQuiet(new Date('2026-11-25T16:00:00Z'), HCM, { start: 60, end: 60 })).toBe(false);
  });

  it('follows daylight-saving time in a zone that has it', () => {
    // 19:30Z is 21:30 in Berlin in summer (UTC+2) and 20:30 in winter (UTC+1).
    expect(localMinutes(new Date('2026-07-01T19:30:00Z'), 'Europe/Berlin')).toBe(21 * 60 + 30);
    expect(localMinutes(new Date('2026-12-01T19:30:00Z'), 'Europe/Berlin')).toBe(20 * 60 + 30);
    expect(isQuiet(new Date('2026-07-01T19:30:00Z'), 'Europe/Berlin', NIGHT)).toBe(true);
    expect(isQuiet(new Date('2026-12-01T19:30:00Z'), 'Europe/Berlin', NIGHT)).toBe(false);
  });

  it('says when the night ends', () => {
    const at = quietEndsAt(new Date('2026-11-25T15:30:00Z'), HCM, NIGHT); // 22:30 local
    expect(at?.toISOString()).toBe('2026-11-26T00:00:00.000Z'); // 07:00 local
    expect(quietEndsAt(new Date('2026-11-25T05:00:00Z'), HCM, NIGHT)).toBeNull();
  });
});
