/**
 * Figures for the province's 6-month and annual reports and the console's dashboard, for a period of
 * local days and a scope (undefined = the whole province, else a list of communes/wards). Everything
 * comes from anonymous rows: stat_events (by day, with the chat's unit and, for referrals, the kinds
 * of place listed), deliveries (by their broadcast's start) and subscribers; nothing here reads a
 * chat id or a message.
 */
import { and, eq, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../client.ts';
import { broadcasts, deliveries } from '../schema/broadcasts.ts';
import { campaignOccurrences } from '../schema/campaigns.ts';
import { faqNodes, units } from '../schema/content.ts';
import { statEvents } from '../schema/stats.ts';
import { subscribers } from '../schema/subscribers.ts';

/** A period of local days (inclusive) and the instants that bound it [start, end). */
export interface ReportPeriod {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

/** Campaign key of broadcasts an officer sent by hand (no calendar occurrence). */
export const OFFICERS_CAMPAIGN = 'officers';

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

/** The scope as a condition on a unit column: a scoped account never sees rows without a unit. */
function inScope(column: PgColumn, scope: string[] | undefined): SQL {
  if (scope === undefined) return sql`true`;
  return scope.length === 0 ? sql`false` : (inArray(column, scope) as SQL);
}

const n = (status: string) => sql<number>`(count(*) filter (where ${deliveries.status} = ${status}))::int`;
const kindCount = (kind: string) => sql<number>`(count(*) filter (where ${statEvents.kind} = ${kind}))::int`;

/** Every figure of a report for one period and scope. */
export async function reportFigures(db: Db, p: ReportPeriod, scope?: string[]): Promise<RawFigures> {
  const started = and(
    gte(broadcasts.startedAt, p.start),
    lt(broadcasts.startedAt, p.end),
    inScope(deliveries.unit, scope),
  );
  const days = (...kinds: string[]) =>
    and(
      gte(statEvents.day, p.from),
      lte(statEvents.day, p.to),
      inArray(statEvents.kind, kinds),
      inScope(statEvents.unit, scope),
    );
  const campaign = sql<string>`case when ${broadcasts.occurrenceId} is null then ${OFFICERS_CAMPAIGN}
    else coalesce(${campaignOccurrences.campaign}, 'custom') end`;
  const [messages, reach, faq, referrals, subs, single, faqAreas, referralDetails] = await Promise.all([
    db
      .select({
        campaign,
        formerDistrict: units.formerDistrict,
        unit: deliveries.unit,
        channel: deliveries.channel,
        sent: n('sent'),
        failed: n('failed'),
        skipped: n('skipped'),
        unknown: n('unknown'),
        pending: sql<number>`(count(*) filter (where ${deliveries.status} in ('pending', 'sending')))::int`,
      })
      .from(deliveries)
      .innerJoin(broadcasts, eq(broadcasts.id, deliveries.broadcastId))
      .leftJoin(campaignOccurrences, eq(campaignOccurrences.id, broadcasts.occurrenceId))
      .leftJoin(units, eq(units.name, deliveries.unit))
      .where(started)
      .groupBy(sql`1`, units.formerDistrict, deliveries.unit, deliveries.channel)
      .orderBy(sql`1`, units.formerDistrict, deliveries.unit, deliveries.channel),
    db
      .select({
        channel: deliveries.channel,
        recipients: sql<number>`(count(distinct ${deliveries.subscriberId}) filter (where ${deliveries.status} = 'sent'))::int`,
        unlinked: sql<number>`(count(*) filter (where ${deliveries.status} = 'sent' and ${deliveries.subscriberId} is null))::int`,
        sent: n('sent'),
        failed: n('failed'),
        skipped: n('skipped'),
        unknown: n('unknown'),
      })
      .from(deliveries)
      .innerJoin(broadcasts, eq(broadcasts.id, deliveries.broadcastId))
      .where(started)
      .groupBy(deliveries.channel)
      .orderBy(deliveries.channel),
    db
      .select({
        node: sql<string>`${statEvents.faqNode}`,
        menu: kindCount('faq_answer'),
        typed: kindCount('faq_search'),
      })
      .from(statEvents)
      .where(and(days('faq_answer', 'faq_search'), sql`${statEvents.faqNode} is not null`))
      .groupBy(statEvents.faqNode),
    areaCounts(db, days('referral')),
    db
      .select({
        channel: statEvents.channel,
        formerDistrict: units.formerDistrict,
        unit: statEvents.unit,
        joined: kindCount('subscribe'),
        left: kindCount('unsubscribe'),
        deleted: kindCount('delete_data'),
      })
      .from(statEvents)
      .leftJoin(units, eq(units.name, statEvents.unit))
      .where(days('subscribe', 'unsubscribe', 'delete_data'))
      .groupBy(statEvents.channel, units.formerDistrict, statEvents.unit)
      .orderBy(statEvents.channel, units.formerDistrict, statEvents.unit),
    db
      .select({ emergencies: kindCount('emergency'), unanswered: kindCount('faq_unanswered') })
      .from(statEvents)
      .where(days('emergency', 'faq_unanswered')),
    db
      .select({
        formerDistrict: units.formerDistrict,
        unit: statEvents.unit,
        node: sql<string>`${statEvents.faqNode}`,
        menu: kindCount('faq_answer'),
        typed: kindCount('faq_search'),
      })
      .from(statEvents)
      .leftJoin(units, eq(units.name, statEvents.unit))
      .where(and(days('faq_answer', 'faq_search'), sql`${statEvents.faqNode} is not null`))
      .groupBy(units.formerDistrict, statEvents.unit, statEvents.faqNode)
      .orderBy(units.formerDistrict, statEvents.unit, statEvents.faqNode),
    db
      .select({
        formerDistrict: units.formerDistrict,
        unit: statEvents.unit,
        detail: statEvents.detail,
        count: sql<number>`count(*)::int`,
      })
      .from(statEvents)
      .leftJoin(units, eq(units.name, statEvents.unit))
      .where(days('referral'))
      .groupBy(units.formerDistrict, statEvents.unit, statEvents.detail)
      .orderBy(units.formerDistrict, statEvents.unit, statEvents.detail),
  ]);
  return {
    messages,
    reach,
    faq,
    referrals,
    faqAreas,
    referralDetails,
    emergencies: single[0]?.emergencies ?? 0,
    subscribers: subs,
    unanswered: single[0]?.unanswered ?? 0,
  };
}

/** Stat events of a condition counted by channel and area. */
function areaCounts(db: Db, where: SQL | undefined): Promise<AreaCount[]> {
  return db
    .select({
      channel: statEvents.channel,
      formerDistrict: units.formerDistrict,
      unit: statEvents.unit,
      count: sql<number>`count(*)::int`,
    })
    .from(statEvents)
    .leftJoin(units, eq(units.name, statEvents.unit))
    .where(where)
    .groupBy(statEvents.channel, units.formerDistrict, statEvents.unit)
    .orderBy(statEvents.channel, units.formerDistrict, statEvents.unit);
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
