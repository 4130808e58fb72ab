/**
 * Report figures from the anonymous stat events of the period's local days: FAQ questions by node
 * (and by area), referrals by area and by the kinds of place listed, subscribers joined and left,
 * and the counts of emergencies and unanswered questions. No chat id is read or kept here.
 */
import { and, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { units } from '../schema/content.ts';
import { statEvents } from '../schema/stats.ts';
import { inScope } from './report-scope.ts';
import type {
  AreaCount,
  FaqAreaCount,
  FaqNodeCount,
  ReferralDetailCount,
  ReportPeriod,
  SubscriberChange,
} from './reports.ts';

const kindCount = (kind: string) => sql<number>`(count(*) filter (where ${statEvents.kind} = ${kind}))::int`;

/** Events of these kinds on the period's days, inside the scope. */
function days(p: ReportPeriod, scope: string[] | undefined, ...kinds: string[]): SQL | undefined {
  return and(
    gte(statEvents.day, p.from),
    lte(statEvents.day, p.to),
    inArray(statEvents.kind, kinds),
    inScope(statEvents.unit, scope),
  );
}
const answered = (p: ReportPeriod, scope: string[] | undefined) =>
  and(days(p, scope, 'faq_answer', 'faq_search'), sql`${statEvents.faqNode} is not null`);

/** FAQ questions by node: chosen from the menu or found by a typed question. */
export function faqCounts(db: Db, p: ReportPeriod, scope?: string[]): Promise<FaqNodeCount[]> {
  return db
    .select({
      node: sql<string>`${statEvents.faqNode}`,
      menu: kindCount('faq_answer'),
      typed: kindCount('faq_search'),
    })
    .from(statEvents)
    .where(answered(p, scope))
    .groupBy(statEvents.faqNode);
}

/** FAQ questions by area and node. */
export function faqAreaCounts(db: Db, p: ReportPeriod, scope?: string[]): Promise<FaqAreaCount[]> {
  return db
    .select({
      formerDistrict: units.formerDistrict,
      unit: statEvents.unit,
      node: sql<string>`${statEvents.faqNode}`,
      menu: kindCount('faq_answer'),
      typed: kindCount('faq_search'),
    })
    .from(statEvents)
    .leftJoin(units, eq(units.name, statEvents.unit))
    .where(answered(p, scope))
    .groupBy(units.formerDistrict, statEvents.unit, statEvents.faqNode)
    .orderBy(units.formerDistrict, statEvents.unit, statEvents.faqNode);
}

/** Referrals by channel and area. */
export function referralCounts(db: Db, p: ReportPeriod, scope?: string[]): Promise<AreaCount[]> {
  return db
    .select({
      channel: statEvents.channel,
      formerDistrict: units.formerDistrict,
      unit: statEvents.unit,
      count: sql<number>`count(*)::int`,
    })
    .from(statEvents)
    .leftJoin(units, eq(units.name, statEvents.unit))
    .where(days(p, scope, 'referral'))
    .groupBy(statEvents.channel, units.formerDistrict, statEvents.unit)
    .orderBy(statEvents.channel, units.formerDistrict, statEvents.unit);
}

/** Referrals by area and the kinds of place they listed (detail null: recorded before kinds were). */
export function referralDetails(db: Db, p: ReportPeriod, scope?: string[]): Promise<ReferralDetailCount[]> {
  return db
    .select({
      formerDistrict: units.formerDistrict,
      unit: statEvents.unit,
      detail: statEvents.detail,
      count: sql<number>`count(*)::int`,
    })
    .from(statEvents)
    .leftJoin(units, eq(units.name, statEvents.unit))
    .where(days(p, scope, 'referral'))
    .groupBy(units.formerDistrict, statEvents.unit, statEvents.detail)
    .orderBy(units.formerDistrict, statEvents.unit, statEvents.detail);
}

/** Subscribers joined, left and deleted, by channel and area. */
export function subscriberChanges(db: Db, p: ReportPeriod, scope?: string[]): Promise<SubscriberChange[]> {
  return db
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
    .where(days(p, scope, 'subscribe', 'unsubscribe', 'delete_data'))
    .groupBy(statEvents.channel, units.formerDistrict, statEvents.unit)
    .orderBy(statEvents.channel, units.formerDistrict, statEvents.unit);
}

/** Emergencies answered and questions the FAQ could not answer, as two counts. */
export async function eventTotals(db: Db, p: ReportPeriod, scope?: string[]) {
  const [row] = await db
    .select({ emergencies: kindCount('emergency'), unanswered: kindCount('faq_unanswered') })
    .from(statEvents)
    .where(days(p, scope, 'emergency', 'faq_unanswered'));
  return { emergencies: row?.emergencies ?? 0, unanswered: row?.unanswered ?? 0 };
}
