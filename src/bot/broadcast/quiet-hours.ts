/**
 * Quiet hours (default 21:00–07:00 in TIMEZONE): broadcasts wait for the morning rather than wake a
 * household at night. Pure; time is passed in.
 */

/** Quiet hours as minutes after local midnight, [start, end); start > end wraps past midnight. */
export interface QuietHours {
  start: number;
  end: number;
}

/** Minutes after local midnight of an instant in a time zone. */
export function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** True while messages must wait (never when quiet hours are off or empty). */
export function isQuiet(now: Date, timeZone: string, quiet: QuietHours | null): boolean {
  if (!quiet || quiet.start === quiet.end) return false;
  const m = localMinutes(now, timeZone);
  return quiet.start < quiet.end ? m >= quiet.start && m < quiet.end : m >= quiet.start || m < quiet.end;
}

/** Roughly when quiet hours end (to the minute), for "held until" in progress reports. */
export function quietEndsAt(now: Date, timeZone: string, quiet: QuietHours | null): Date | null {
  if (!isQuiet(now, timeZone, quiet) || !quiet) return null;
  const m = localMinutes(now, timeZone);
  const minutes = (quiet.end - m + 1440) % 1440;
  const at = new Date(now.getTime() + minutes * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}
