/**
 * A report's figures, resolved for people: FAQ questions classified by the plan's field (a node
 * without a field takes its nearest ancestor's), the most asked topics, and the totals.
 */

import type { Localized } from '../../content/types.ts';
import type { Db } from '../../db/client.ts';
import {
  type AreaCount,
  faqNodeInfo,
  type MessageRow,
  type RawFigures,
  type ReachRow,
  type ReportPeriod,
  reportFigures,
  type SubscriberChange,
} from '../../db/queries/reports.ts';

/** How many topics the "most asked" table lists. */
export const TOP_TOPICS = 10;
/** The field of nodes with no field anywhere up their tree. */
export const NO_FIELD = 'none';

export interface FieldCount {
  field: string;
  menu: number;
  typed: number;
  total: number;
}
export interface TopicCount {
  node: string;
  title: Localized;
  field: string;
  total: number;
}
export interface Totals {
  sent: number;
  failed: number;
  skipped: number;
  unknown: number;
  recipients: number;
  unlinked: number;
  faqQuestions: number;
  referrals: number;
  emergencies: number;
  joined: number;
  left: number;
  deleted: number;
  unanswered: number;
}
export interface Report {
  period: { from: string; to: string };
  /** "province", or the communes/wards of the account. */
  scope: 'province' | string[];
  generatedAt: string;
  messages: MessageRow[];
  reach: ReachRow[];
  faqByField: FieldCount[];
  topTopics: TopicCount[];
  referrals: AreaCount[];
  subscribers: SubscriberChange[];
  totals: Totals;
}

const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((a, r) => a + f(r), 0);

/** Builds the report of a period for a scope (undefined = the province). */
export async function buildReport(db: Db, p: ReportPeriod, scope: string[] | undefined, now: Date) {
  const [raw, nodes] = await Promise.all([reportFigures(db, p, scope), faqNodeInfo(db)]);
  return resolve(raw, nodes, { period: { from: p.from, to: p.to }, scope: scope ?? 'province', now });
}

type NodeInfo = Awaited<ReturnType<typeof faqNodeInfo>>[number];

/** Raw counts turned into the report's tables and totals. */
export function resolve(
  raw: RawFigures,
  nodes: NodeInfo[],
  meta: { period: Report['period']; scope: Report['scope']; now: Date },
): Report {
  const byId = new Map(nodes.map((x) => [x.id, x]));
  const fieldOf = (id: string): string => {
    for (
      let x = byId.get(id), hops = 0;
      x && hops < 20;
      x = x.parent ? byId.get(x.parent) : undefined, hops++
    )
      if (x.field) return x.field;
    return NO_FIELD;
  };
  const fields = new Map<string, FieldCount>();
  for (const c of raw.faq) {
    const field = fieldOf(c.node);
    const f = fields.get(field) ?? { field, menu: 0, typed: 0, total: 0 };
    f.menu += c.menu;
    f.typed += c.typed;
    f.total += c.menu + c.typed;
    fields.set(field, f);
  }
  const topTopics = raw.faq
    .map((c) => ({
      node: c.node,
      title: byId.get(c.node)?.title ?? { vi: c.node, en: c.node },
      field: fieldOf(c.node),
      total: c.menu + c.typed,
    }))
    .sort((a, b) => b.total - a.total || a.node.localeCompare(b.node))
    .slice(0, TOP_TOPICS);
  const faqByField = [...fields.values()].sort((a, b) => b.total - a.total || a.field.localeCompare(b.field));
  return {
    period: meta.period,
    scope: meta.scope,
    generatedAt: meta.now.toISOString(),
    messages: raw.messages,
    reach: raw.reach,
    faqByField,
    topTopics,
    referrals: raw.referrals,
    subscribers: raw.subscribers,
    totals: {
      sent: sum(raw.reach, (r) => r.sent),
      failed: sum(raw.reach, (r) => r.failed),
      skipped: sum(raw.reach, (r) => r.skipped),
      unknown: sum(raw.reach, (r) => r.unknown),
      recipients: sum(raw.reach, (r) => r.recipients),
      unlinked: sum(raw.reach, (r) => r.unlinked),
      faqQuestions: sum(faqByField, (f) => f.total),
      referrals: sum(raw.referrals, (r) => r.count),
      emergencies: raw.emergencies,
      joined: sum(raw.subscribers, (s) => s.joined),
      left: sum(raw.subscribers, (s) => s.left),
      deleted: sum(raw.subscribers, (s) => s.deleted),
      unanswered: raw.unanswered,
    },
  };
}
