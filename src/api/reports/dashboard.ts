/**
 * The dashboard's figures: subscribers now by channel and area, this month's messages, FAQ topics and
 * referrals (by area and by kind of place), unanswered questions of the last 30 days, and one row per former district and unit.
 */
import { addDays } from '../../bot/broadcast/calendar.ts';
import type { Db } from '../../db/client.ts';
import { type AreaCount, currentSubscribers, reportFigures, unitAreas } from '../../db/queries/reports.ts';
import { buildReport, type Report } from './figures.ts';
import { periodOf, presets } from './periods.ts';

/** Days of unanswered questions the dashboard counts (as long as their texts are kept). */
export const UNANSWERED_DAYS = 30;

export interface AreaRow {
  formerDistrict: string | null;
  unit: string | null;
  subscribers: number;
  sent: number;
  referrals: number;
  joined: number;
}
export interface Dashboard {
  month: Report['period'];
  scope: Report['scope'];
  subscribers: AreaCount[];
  messages: Report['messages'];
  faqByField: Report['faqByField'];
  topTopics: Report['topTopics'];
  referrals: Report['referrals'];
  referralsByKind: Report['referralsByKind'];
  totals: Report['totals'] & { subscribers: number; unanswered30d: number };
  areas: AreaRow[];
}

/** The dashboard for the local date `today`. */
export async function buildDashboard(
  db: Db,
  o: { today: string; timeZone: string; scope?: string[]; now: Date },
): Promise<Dashboard> {
  const m = presets(o.today).thisMonth;
  const last30 = periodOf(addDays(o.today, 1 - UNANSWERED_DAYS), o.today, o.timeZone);
  const [report, subs, recent, all] = await Promise.all([
    buildReport(db, periodOf(m.from, m.to, o.timeZone), o.scope, o.now),
    currentSubscribers(db, o.scope),
    reportFigures(db, last30, o.scope),
    unitAreas(db),
  ]);
  const rows = new Map<string, AreaRow>();
  const row = (formerDistrict: string | null, unit: string | null) => {
    const key = unit ?? '';
    let r = rows.get(key);
    if (!r) {
      r = { formerDistrict, unit, subscribers: 0, sent: 0, referrals: 0, joined: 0 };
      rows.set(key, r);
    }
    return r;
  };
  for (const a of all) if (!o.scope || o.scope.includes(a.unit)) row(a.formerDistrict, a.unit);
  for (const s of subs) row(s.formerDistrict, s.unit).subscribers += s.count;
  for (const x of report.messages) row(x.formerDistrict, x.unit).sent += x.sent;
  for (const x of report.referrals) row(x.formerDistrict, x.unit).referrals += x.count;
  for (const x of report.subscribers) row(x.formerDistrict, x.unit).joined += x.joined;
  return {
    month: report.period,
    scope: report.scope,
    subscribers: subs,
    messages: report.messages,
    faqByField: report.faqByField,
    topTopics: report.topTopics,
    referrals: report.referrals,
    referralsByKind: report.referralsByKind,
    totals: {
      ...report.totals,
      subscribers: subs.reduce((a, s) => a + s.count, 0),
      unanswered30d: recent.unanswered,
    },
    areas: [...rows.values()],
  };
}
