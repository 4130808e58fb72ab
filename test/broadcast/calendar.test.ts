/** The campaign calendar in a zone without DST (Asia/Ho_Chi_Minh) and in two with it, time passed in. */
import { describe, expect, it } from 'vitest';
import {
  datesOfYear,
  fireDeadline,
  localDate,
  localToInstant,
  nextOccurrence,
  occurrencesOfYear,
  renderTemplate,
} from '../../src/bot/broadcast/calendar.ts';
import { type CampaignCalendar, loadCalendar, parseCalendar } from '../../src/content/campaigns.ts';

const HCM = 'Asia/Ho_Chi_Minh';
const BERLIN = 'Europe/Berlin';
const NY = 'America/New_York';
const shipped = loadCalendar();

const synthetic: CampaignCalendar = parseCalendar({
  campaigns: [
    { id: 'leap', rule: { kind: 'fixed', on: '02-29' }, message: { vi: 'a' } },
    { id: 'feb', rule: { kind: 'weekly', from: '02-15', to: '03-15' }, message: { vi: 'b' } },
    { id: 'newyear', rule: { kind: 'weekly', from: '12-20', to: '01-10' }, message: { vi: 'c' } },
    { id: 'to-leap', rule: { kind: 'weekly', from: '02-01', to: '02-29' }, message: { vi: 'd' } },
  ],
});

describe('the shipped calendar', () => {
  it('has every date of the issue in 2026, 08:00 in Sơn La (01:00 UTC)', () => {
    const occ = occurrencesOfYear(shipped, 2026, HCM);
    expect(occ.map((o) => o.key)).toEqual([
      'womens-day:2026-03-08',
      'happiness-day:2026-03-20',
      'dv-month-opening:2026-06-01',
      'dv-month-weekly:2026-06-08',
      'dv-month-weekly:2026-06-15',
      'dv-month-weekly:2026-06-22',
      'family-day:2026-06-28',
      'dv-month-weekly:2026-06-29',
      'ge-month-opening:2026-11-15',
      'ge-month-weekly:2026-11-22',
      'end-violence-day:2026-11-25',
      'ge-month-weekly:2026-11-29',
      'ge-month-weekly:2026-12-06',
      'ge-month-weekly:2026-12-13',
      'ge-month-closing:2026-12-15',
    ]);
    for (const o of occ) expect(o.dueAt.toISOString()).toBe(`${o.date}T01:00:00.000Z`);
  });

  it('every text ends with something to do, and names only verified numbers (111, 113, 115)', () => {
    for (const c of shipped.campaigns) {
      for (const text of [c.message.vi, c.message.en ?? '']) {
        expect(text, c.id).toMatch(/"menu"|113|111/);
        for (const n of text.match(/\b\d{3,}\b/g) ?? []) expect(['111', '113', '115'], c.id).toContain(n);
      }
      expect(c.message.en, c.id).toBeTruthy();
    }
  });
});

describe('nextOccurrence', () => {
  const cases: Array<[string, string, string, string | undefined, string | undefined]> = [
    // [zone, after, expected key, expected dueAt]
    [HCM, '2026-11-29T00:59:59Z', 'ge-month-weekly:2026-11-29', '2026-11-29T01:00:00.000Z', 'just before'],
    [HCM, '2026-11-29T01:00:00Z', 'ge-month-weekly:2026-12-06', '2026-12-06T01:00:00.000Z', 'month end'],
    [HCM, '2026-11-14T17:00:00Z', 'ge-month-opening:2026-11-15', '2026-11-15T01:00:00.000Z', 'window opens'],
    [HCM, '2026-11-22T01:00:00Z', 'end-violence-day:2026-11-25', '2026-11-25T01:00:00.000Z', '25/11 inside'],
    [HCM, '2026-12-13T01:00:00Z', 'ge-month-closing:2026-12-15', '2026-12-15T01:00:00.000Z', 'window closes'],
    [HCM, '2026-12-15T01:00:00Z', 'womens-day:2027-03-08', '2027-03-08T01:00:00.000Z', 'across the year'],
    [HCM, '2026-12-31T16:59:59Z', 'womens-day:2027-03-08', '2027-03-08T01:00:00.000Z', 'new year eve'],
    [HCM, '2026-05-31T17:00:00Z', 'dv-month-opening:2026-06-01', '2026-06-01T01:00:00.000Z', 'June opens'],
    [HCM, '2026-06-29T01:00:00Z', 'ge-month-opening:2026-11-15', '2026-11-15T01:00:00.000Z', 'after June'],
    [HCM, '2028-02-28T00:00:00Z', 'womens-day:2028-03-08', '2028-03-08T01:00:00.000Z', 'leap year'],
    // New York changes to summer time on 8 March 2026: 08:00 EDT is 12:00 UTC, the day before 13:00.
    [NY, '2026-03-07T00:00:00Z', 'womens-day:2026-03-08', '2026-03-08T12:00:00.000Z', 'DST day (NY)'],
    [NY, '2026-11-14T00:00:00Z', 'ge-month-opening:2026-11-15', '2026-11-15T13:00:00.000Z', 'winter (NY)'],
    [
      BERLIN,
      '2026-06-01T05:59:59Z',
      'dv-month-opening:2026-06-01',
      '2026-06-01T06:00:00.000Z',
      'summer (Berlin)',
    ],
    [BERLIN, '2026-12-15T07:00:00Z', 'womens-day:2027-03-08', '2027-03-08T07:00:00.000Z', 'winter (Berlin)'],
  ];
  it.each(cases)('%s after %s -> %s (%s, %s)', (zone, after, key, dueAt) => {
    const next = nextOccurrence(shipped, new Date(after), zone as string);
    expect(next?.key).toBe(key);
    expect(next?.dueAt.toISOString()).toBe(dueAt);
  });

  it('a 29/2 rule skips common years (2025 -> 2028; 2100 is not leap, 2096 -> 2104)', () => {
    const leapOnly = parseCalendar({ campaigns: [synthetic.campaigns[0]] });
    expect(nextOccurrence(leapOnly, new Date('2025-01-01T00:00:00Z'), HCM)?.key).toBe('leap:2028-02-29');
    expect(nextOccurrence(leapOnly, new Date('2096-03-01T00:00:00Z'), HCM)?.key).toBe('leap:2104-02-29');
    expect(nextOccurrence(leapOnly, new Date('1999-03-01T00:00:00Z'), HCM)?.key).toBe('leap:2000-02-29');
  });
});

describe('datesOfYear', () => {
  const [leap, feb, newyear, toLeap] = synthetic.campaigns.map((c) => c.rule) as [
    CampaignCalendar['campaigns'][number]['rule'],
    CampaignCalendar['campaigns'][number]['rule'],
    CampaignCalendar['campaigns'][number]['rule'],
    CampaignCalendar['campaigns'][number]['rule'],
  ];
  const cases: Array<[string, typeof leap, number, string[]]> = [
    ['29/2 in a leap year', leap, 2024, ['2024-02-29']],
    ['29/2 in a common year', leap, 2025, []],
    ['29/2 in 2100 (not leap)', leap, 2100, []],
    ['weekly over 29/2', feb, 2024, ['2024-02-15', '2024-02-22', '2024-02-29', '2024-03-07', '2024-03-14']],
    [
      'weekly over Feb in a common year',
      feb,
      2025,
      ['2025-02-15', '2025-02-22', '2025-03-01', '2025-03-08', '2025-03-15'],
    ],
    ['a window across the new year', newyear, 2026, ['2026-01-03', '2026-01-10', '2026-12-20', '2026-12-27']],
    [
      'a window ending on 29/2 of a common year',
      toLeap,
      2025,
      ['2025-02-01', '2025-02-08', '2025-02-15', '2025-02-22'],
    ],
    [
      'the same in a leap year',
      toLeap,
      2024,
      ['2024-02-01', '2024-02-08', '2024-02-15', '2024-02-22', '2024-02-29'],
    ],
  ];
  it.each(cases)('%s', (_name, rule, year, dates) => {
    expect(datesOfYear(rule, year)).toEqual(dates);
  });

  it('the 15/11–15/12 series crosses the month end every year', () => {
    for (const year of [2026, 2027, 2028]) {
      const keys = occurrencesOfYear(shipped, year, HCM)
        .filter((o) => o.date >= `${year}-11-15`)
        .map((o) => o.key.split(':')[1]);
      expect(keys[0]).toBe(`${year}-11-15`);
      expect(keys.at(-1)).toBe(`${year}-12-15`);
      expect(keys).toContain(`${year}-11-25`);
      expect(keys.some((d) => d?.startsWith(`${year}-12-0`))).toBe(true);
    }
  });
});

describe('localToInstant', () => {
  const cases: Array<[string, string, string, string, string]> = [
    [HCM, '2026-11-29', '08:00', '2026-11-29T01:00:00.000Z', 'UTC+7 all year'],
    [HCM, '2024-02-29', '23:59', '2024-02-29T16:59:00.000Z', 'leap day'],
    [BERLIN, '2026-03-28', '08:00', '2026-03-28T07:00:00.000Z', 'winter time'],
    [BERLIN, '2026-03-29', '08:00', '2026-03-29T06:00:00.000Z', '08:00 on the day clocks go forward'],
    [BERLIN, '2026-03-29', '02:30', '2026-03-29T01:30:00.000Z', 'in the gap: shown as 03:30'],
    [BERLIN, '2026-10-25', '08:00', '2026-10-25T07:00:00.000Z', '08:00 on the day clocks go back'],
    [BERLIN, '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z', 'twice: the first'],
    [NY, '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z', 'NY gap: shown as 03:30'],
    [NY, '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', 'NY twice: the first'],
    [NY, '2026-11-01', '08:00', '2026-11-01T13:00:00.000Z', 'NY 08:00 after the change'],
  ];
  it.each(cases)('%s %s %s -> %s (%s)', (zone, date, time, iso) => {
    const at = localToInstant(date, time, zone);
    expect(at.toISOString()).toBe(iso);
    expect(localDate(at, zone)).toBe(date);
  });
});

describe('fireDeadline and templates', () => {
  const q = { start: 21 * 60, end: 7 * 60 };
  it.each([
    [HCM, '2026-11-29', '08:00', q, '2026-11-29T14:00:00.000Z'],
    [HCM, '2026-11-29', '08:00', null, '2026-11-29T17:00:00.000Z'],
    [HCM, '2026-11-29', '22:00', q, '2026-11-29T17:00:00.000Z'],
    [BERLIN, '2026-03-29', '08:00', q, '2026-03-29T19:00:00.000Z'],
  ] as const)('%s %s %s -> %s', (zone, date, time, quiet, iso) => {
    expect(fireDeadline(date, time, zone, quiet).toISOString()).toBe(iso);
  });

  it('fills {{theme}}, and refuses when a theme is needed and missing', () => {
    expect(renderTemplate('Chủ đề: "{{theme}}".', 'Bình đẳng')).toBe('Chủ đề: "Bình đẳng".');
    expect(renderTemplate('Chủ đề: {{ theme }}', undefined)).toBeUndefined();
    expect(renderTemplate('Không chủ đề', undefined)).toBe('Không chủ đề');
  });

  it('rejects calendar data with a bad field, naming it', () => {
    expect(() =>
      parseCalendar({ campaigns: [{ id: 'x', rule: { kind: 'fixed', on: '02-30' }, message: { vi: 'a' } }] }),
    ).toThrow(/campaigns\.0\.rule\.on: is not a day of that month/);
    expect(() =>
      parseCalendar({
        campaigns: [{ id: 'x', rule: { kind: 'fixed', on: '03-08' }, message: { vi: '{{year}}' } }],
      }),
    ).toThrow(/message\.vi: only \{\{theme\}\} may be used/);
  });
});
