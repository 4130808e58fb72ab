/**
 * Report periods: parsing ?from=&to= (local dates in TIMEZONE) and the presets the console offers.
 * The programme's brief gives only the deadlines (6-month report before 10/6, annual before 10/12;
 * docs/SOURCES.md), not the periods the figures cover; the periods below are an assumption, shown as such in the
 * console, where officers can change the dates before exporting.
 */
import { addDays, localDate, localToInstant } from '../../bot/broadcast/calendar.ts';
import type { ReportPeriod } from '../../db/queries/reports.ts';

/** The longest period a report may span (two years and a day for a leap year). */
export const MAX_DAYS = 732;

/**
 * Assumed report periods as month-day ranges; `fromPrevYear` means the period starts in the year
 * before the report's year. 6-month: 1/12 of the year before to 31/5; annual: 1/12 to 30/11, which
 * leaves the days until each deadline for officers to write the report.
 */
export const REPORT_PERIODS = {
  halfYear: { from: '12-01', to: '05-31', fromPrevYear: true, deadline: '06-10' },
  annual: { from: '12-01', to: '11-30', fromPrevYear: true, deadline: '12-10' },
} as const;

export type PresetId = 'thisMonth' | keyof typeof REPORT_PERIODS;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (d: string) => DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
const days = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 864e5;

/** A period with the instants that bound its local days in the zone. */
export function periodOf(from: string, to: string, timeZone: string): ReportPeriod {
  return {
    from,
    to,
    start: localToInstant(from, '00:00', timeZone),
    end: localToInstant(addDays(to, 1), '00:00', timeZone),
  };
}

/** Parses from/to or names the wrong field (for a 400). */
export function parsePeriod(
  q: { from?: unknown; to?: unknown },
  timeZone: string,
): { period: ReportPeriod } | { field: string; message: string } {
  for (const field of ['from', 'to'] as const) {
    const v = q[field];
    if (v === undefined || v === '') return { field, message: 'is required (YYYY-MM-DD)' };
    if (typeof v !== 'string' || !isDay(v)) return { field, message: 'must be a date YYYY-MM-DD' };
  }
  const from = q.from as string;
  const to = q.to as string;
  if (to < from) return { field: 'to', message: 'must not be before from' };
  if (days(from, to) >= MAX_DAYS) return { field: 'to', message: `must be within ${MAX_DAYS} days of from` };
  return { period: periodOf(from, to, timeZone) };
}

/** The presets for the local date `today`: this month so far, and this year's two reports. */
export function presets(today: string): Record<PresetId, { from: string; to: string; deadline?: string }> {
  const year = Number(today.slice(0, 4));
  const range = (r: (typeof REPORT_PERIODS)[keyof typeof REPORT_PERIODS]) => ({
    from: `${r.fromPrevYear ? year - 1 : year}-${r.from}`,
    to: `${year}-${r.to}`,
    deadline: `${year}-${r.deadline}`,
  });
  return {
    thisMonth: { from: `${today.slice(0, 8)}01`, to: today },
    halfYear: range(REPORT_PERIODS.halfYear),
    annual: range(REPORT_PERIODS.annual),
  };
}

/** The local date of an instant (re-exported for the routes). */
export const today = (now: Date, timeZone: string) => localDate(now, timeZone);
