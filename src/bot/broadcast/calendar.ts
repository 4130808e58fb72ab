/**
 * The campaign calendar turned into dated occurrences in a time zone. Pure: data, year and time are
 * passed in, so month ends, leap years, windows and daylight-saving changes are table-tested.
 * Local date and time become an instant with Intl alone (no time-zone library): a wall time that
 * happens twice (clocks back) is the first of the two; one that never happens (clocks forward) moves
 * forward by the gap, as a wall clock would show it.
 */
import type { CampaignCalendar, CampaignEntry, CampaignRule } from '../../content/campaigns.ts';

const DAY = 86_400_000;

/** One dated occurrence of a calendar entry; key is "<id>:<YYYY-MM-DD>", unique for ever. */
export interface CalendarOccurrence {
  key: string;
  campaign: CampaignEntry;
  date: string;
  time: string;
  dueAt: Date;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The wall clock of an instant in a zone, as milliseconds of the same fields read as UTC. */
function wallClock(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of format(timeZone).formatToParts(new Date(ms))) p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
}

const offsetAt = (ms: number, timeZone: string) => wallClock(ms, timeZone) - Math.floor(ms / 1000) * 1000;

/** The instant a local date ("YYYY-MM-DD") and time ("HH:MM") name in a zone (DST handled, see top). */
export function localToInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, mi);
  // Any change of offset near this wall time lies within a day of it: try each offset seen around it.
  const offsets = new Set([-DAY, 0, DAY].map((delta) => offsetAt(wall + delta, timeZone)));
  const fits = [...offsets]
    .map((o) => wall - o)
    .filter((t) => wallClock(t, timeZone) === wall)
    .sort((a, b) => a - b);
  if (fits[0] !== undefined) return new Date(fits[0]);
  return new Date(wall - offsetAt(wall - DAY, timeZone));
}

/** The local date ("YYYY-MM-DD") of an instant in a zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Date(wallClock(at.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** A date string moved by n days (calendar days, no zone involved). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad = (n: number) => String(n).padStart(2, '0');

/** "MM-DD" in a year; 02-29 of a common year is the last day of February when clamp, else absent. */
function dayOf(year: number, md: string, clamp: boolean): string | undefined {
  if (md === '02-29' && !isLeap(year)) return clamp ? `${year}-02-28` : undefined;
  return `${year}-${md}`;
}

/** Local dates a rule falls on within one calendar year. */
export function datesOfYear(rule: CampaignRule, year: number): string[] {
  if (rule.kind === 'fixed') {
    const d = dayOf(year, rule.on, false);
    return d ? [d] : [];
  }
  const out: string[] = [];
  // A window that crosses the new year starts in the year before; look at both starts.
  for (const start of [year - 1, year]) {
    const from = dayOf(start, rule.from, false) ?? `${start}-03-01`;
    const to = dayOf(rule.to >= rule.from ? start : start + 1, rule.to, true) as string;
    for (let d = from; d <= to; d = addDays(d, 7)) if (d.startsWith(`${year}-`)) out.push(d);
  }
  return out;
}

/** Every occurrence of the calendar in one year, by due time then key. */
export function occurrencesOfYear(
  data: CampaignCalendar,
  year: number,
  timeZone: string,
): CalendarOccurrence[] {
  const out: CalendarOccurrence[] = [];
  for (const campaign of data.campaigns) {
    for (const date of datesOfYear(campaign.rule, year)) {
      const dueAt = localToInstant(date, campaign.time, timeZone);
      out.push({ key: `${campaign.id}:${date}`, campaign, date, time: campaign.time, dueAt });
    }
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key));
}

/** The first occurrence due strictly after an instant (looks up to 8 years ahead: 29/2 rules). */
export function nextOccurrence(
  data: CampaignCalendar,
  after: Date,
  timeZone: string,
): CalendarOccurrence | undefined {
  const year = Number(localDate(after, timeZone).slice(0, 4));
  for (let y = year; y <= year + 8; y++) {
    const found = occurrencesOfYear(data, y, timeZone).find((o) => o.dueAt > after);
    if (found) return found;
  }
  return undefined;
}

/** Until when an occurrence may still fire: quiet hours' start that day if after its time, else midnight. */
export function fireDeadline(
  date: string,
  time: string,
  timeZone: string,
  quiet: { start: number; end: number } | null,
): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const midnight = localToInstant(addDays(date, 1), '00:00', timeZone);
  if (!quiet || quiet.start === quiet.end || quiet.start <= h * 60 + m) return midnight;
  const start = localToInstant(
    date,
    `${pad(Math.floor(quiet.start / 60))}:${pad(quiet.start % 60)}`,
    timeZone,
  );
  return new Date(Math.min(start.getTime(), midnight.getTime()));
}

/** True when a template uses the year's theme. */
export const usesTheme = (template: string) => /\{\{\s*theme\s*\}\}/.test(template);

/** A template with the theme filled in; undefined when it needs a theme and there is none. */
export function renderTemplate(template: string, theme: string | undefined): string | undefined {
  if (!usesTheme(template)) return template;
  if (!theme?.trim()) return undefined;
  return template.replace(/\{\{\s*theme\s*\}\}/g, theme.trim());
}

/** A message's templates rendered with the theme per locale; `missing` lists locales lacking a theme. */
export function renderMessage(
  message: Partial<Record<string, string>>,
  theme: Partial<Record<string, string>> | undefined,
): { texts: Record<string, string>; missing: string[] } {
  const texts: Record<string, string> = {};
  const missing: string[] = [];
  for (const [locale, template] of Object.entries(message)) {
    if (template === undefined) continue;
    const text = renderTemplate(template, theme?.[locale]);
    if (text === undefined) missing.push(locale);
    else texts[locale] = text;
  }
  return { texts, missing };
}
