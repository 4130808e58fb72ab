/**
 * Figures for the province's 6-month and annual reports and the console's dashboard, for a period of
 * local days and a scope (undefined = the whole province, else a list of communes/wards). Everything
 * comes from anonymous rows: stat_events (by day, with the chat's unit and, for referrals, the kinds
 * of place listed), deliveries (by their broadcast's start) and subscribers; nothing here reads a
 * chat id or a message.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { faqNodes, units } from '../schema/content.ts';
import { subscribers } from '../schema/subscribers.ts';
import { messageRows, reachRows } from './report-deliveries.ts';
import {
  eventTotals,
  faqAreaCounts,
  faqCounts,
  referralCounts,
  referralDetails,
  subscriberChanges,
} from './report-events.ts';
import { inScope } from './report-scope.ts';

/** A period of local days (inclusive) and the instants that bound it [start, end). */
export interface ReportPeriod {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

export interface MessageRow {
  campaign: string;
  formerDistrict: string | null;
  unit: string | null;
  channel: string;
  sent: number;
  failed: number;
  skipped: number;
  unknown: number;
  pending: number;
}
export interface ReachRow {
  channel: string;
  /** Distinct subscribers sent at least one message (rows still linked to a subscriber). */
  recipients: number;
  /** Sent rows no longer linked (30-day retention or data deleted): not de-duplicated. */
  unlinked: number;
  sent: number;
  failed: number;
  skipped: number;
  unknown: number;
}
export interface FaqNodeCount {
  node: string;
  menu: number;
  typed: number;
}
export interface AreaCount {
  channel: string;
  formerDistrict: string | null;
  unit: string | null;
  count: number;
}
/** FAQ questions of one node in one area (menu: chosen from the menu, typed: found by search). */
export interface FaqAreaCount extends FaqNodeCount {
  formerDistrict: string | null;
  unit: string | null;
}
/** Referrals by the kinds of place they listed, in one area (detail null: recorded before kinds were). */
export interface ReferralDetailCount {
  formerDistrict: string | null;
  unit: string | null;
  detail: string | null;
  count: number;
}
export interface SubscriberChange {
  channel: string;
  formerDistrict: string | null;
  unit: string | null;
  joined: number;
  left: number;
  deleted: number;
}
export interface RawFigures {
  messages: MessageRow[];
  reach: ReachRow[];
  faq: FaqNodeCount[];
  referrals: AreaCount[];
  faqAreas: FaqAreaCount[];
  referralDetails: ReferralDetailCount[];
  emergencies: number;
  subscribers: SubscriberChange[];
  unanswered: number;
}

/** Every figure of a report for one period and scope. */
export async function reportFigures(db: Db, p: ReportPeriod, scope?: string[]): Promise<RawFigures> {
  const [messages, reach, faq, referrals, subs, totals, faqAreas, details] = await Promise.all([
    messageRows(db, p, scope),
    reachRows(db, p, scope),
    faqCounts(db, p, scope),
    referralCounts(db, p, scope),
    subscriberChanges(db, p, scope),
    eventTotals(db, p, scope),
    faqAreaCounts(db, p, scope),
    referralDetails(db, p, scope),
  ]);
  return {
    messages,
    reach,
    faq,
    referrals,
    faqAreas,
    referralDetails: details,
    emergencies: totals.emergencies,
    subscribers: subs,
    unanswered: totals.unanswered,
  };
}

/** Subscribed chats now, by channel and area (officers' own chats that are not subscribed excluded). */
export function currentSubscribers(db: Db, scope?: string[]): Promise<AreaCount[]> {
  return db
    .select({
      channel: subscribers.channel,
      formerDistrict: units.formerDistrict,
      unit: subscribers.unit,
      count: sql<number>`count(*)::int`,
    })
    .from(subscribers)
    .leftJoin(units, eq(units.name, subscribers.unit))
    .where(and(eq(subscribers.subscribed, true), inScope(subscribers.unit, scope)))
    .groupBy(subscribers.channel, units.formerDistrict, subscribers.unit)
    .orderBy(subscribers.channel, units.formerDistrict, subscribers.unit);
}

/** FAQ nodes with their parent, field of the plan and title, to name and classify counted nodes. */
export function faqNodeInfo(db: Db) {
  return db
    .select({ id: faqNodes.id, parent: faqNodes.parent, field: faqNodes.field, title: faqNodes.title })
    .from(faqNodes);
}

/** Every commune/ward with its former district (the dashboard's per-area table lists them all). */
export function unitAreas(db: Db) {
  return db
    .select({ unit: units.name, formerDistrict: units.formerDistrict })
    .from(units)
    .orderBy(units.formerDistrict, units.name);
}
