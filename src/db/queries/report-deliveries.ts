/**
 * Report figures from delivery rows, counted by their broadcast's start: messages by campaign, area
 * and channel, and reach by channel. Rows keep channel, unit and status after their subscriber link
 * is dropped (30 days after a broadcast ends), so these stay countable.
 */
import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { broadcasts, deliveries } from '../schema/broadcasts.ts';
import { campaignOccurrences } from '../schema/campaigns.ts';
import { units } from '../schema/content.ts';
import { inScope, OFFICERS_CAMPAIGN } from './report-scope.ts';
import type { MessageRow, ReachRow, ReportPeriod } from './reports.ts';

const n = (status: string) => sql<number>`(count(*) filter (where ${deliveries.status} = ${status}))::int`;

/** Deliveries of broadcasts started in the period, inside the scope. */
function started(p: ReportPeriod, scope: string[] | undefined): SQL | undefined {
  return and(
    gte(broadcasts.startedAt, p.start),
    lt(broadcasts.startedAt, p.end),
    inScope(deliveries.unit, scope),
  );
}

/** Messages by campaign (officers' own broadcasts as OFFICERS_CAMPAIGN), area and channel. */
export function messageRows(db: Db, p: ReportPeriod, scope?: string[]): Promise<MessageRow[]> {
  const campaign = sql<string>`case when ${broadcasts.occurrenceId} is null then ${OFFICERS_CAMPAIGN}
    else coalesce(${campaignOccurrences.campaign}, 'custom') end`;
  return db
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
    .where(started(p, scope))
    .groupBy(sql`1`, units.formerDistrict, deliveries.unit, deliveries.channel)
    .orderBy(sql`1`, units.formerDistrict, deliveries.unit, deliveries.channel);
}

/** Reach by channel: distinct recipients still linked, sent rows no longer linked, and outcomes. */
export function reachRows(db: Db, p: ReportPeriod, scope?: string[]): Promise<ReachRow[]> {
  return db
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
    .where(started(p, scope))
    .groupBy(deliveries.channel)
    .orderBy(deliveries.channel);
}
