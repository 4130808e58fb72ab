/**
 * A report's figures, resolved for people: FAQ questions classified by the plan's field (a node
 * without a field takes its nearest ancestor's), province-wide and per area, the most asked topics,
 * referrals by area and by the kind of place listed, and the totals.
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
/** FAQ questions of one field of the plan in one area. */
export interface AreaFieldCount extends FieldCount {
  formerDistrict: string | null;
  unit: string | null;
}
/**
 * Referrals that listed one kind of place, in one area. A referral listing several kinds counts once
 * under each; "none": only the national numbers were given; "unrecorded": made before kinds were kept.
 */
export interface KindCount {
  formerDistrict: string | null;
  unit: string | null;
  kind: string;
  count: number;
}
/** The referral kind of a referral that listed no place, and of one recorded before kinds were kept. */
export const NO_PLACE = 'none';
export const KIND_UNRECORDED = 'unrecorded';
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
  /** The same questions per former district and unit (rows without a unit: the chat named none). */
  faqByArea: AreaFieldCount[];
  topTopics: TopicCount[];
  referrals: AreaCount[];
  referralsByKind: KindCount[];
  subscribers: SubscriberChange[];
  totals: Totals;
}

type Area = { formerDistrict: string | null; unit: string | null };
const area = (a: Area): Area => ({ formerDistrict: a.formerDistrict, unit: a.unit });
/** Former district then unit, rows without one last (they are the province's, not a commune's). */
const after = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'vi');
const byArea = (a: Area, b: Area) => after(a.formerDistrict, b.formerDistrict) || after(a.unit, b.unit);

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
  const areaFields = new Map<string, AreaFieldCount>();
  for (const c of raw.faqAreas) {
    const field = fieldOf(c.node);
    const key = JSON.stringify([c.formerDistrict, c.unit, field]);
    const f = areaFields.get(key) ?? { ...area(c), field, menu: 0, typed: 0, total: 0 };
    f.menu += c.menu;
    f.typed += c.typed;
    f.total += c.menu + c.typed;
    areaFields.set(key, f);
  }
  const faqByArea = [...areaFields.values()].sort(
    (a, b) => byArea(a, b) || b.total - a.total || a.field.localeCompare(b.field),
  );
  const kinds = new Map<string, KindCount>();
  for (const d of raw.referralDetails) {
    for (const kind of d.detail ? d.detail.split(',') : [KIND_UNRECORDED]) {
      const key = JSON.stringify([d.formerDistrict, d.unit, kind]);
      const k = kinds.get(key) ?? { ...area(d), kind, count: 0 };
      k.count += d.count;
      kinds.set(key, k);
    }
  }
  const referralsByKind = [...kinds.values()].sort(
    (a, b) => byArea(a, b) || b.count - a.count || a.kind.localeCompare(b.kind),
  );
  return {
    period: meta.period,
    scope: meta.scope,
    generatedAt: meta.now.toISOString(),
    messages: raw.messages,
    reach: raw.reach,
    faqByField,
    faqByArea,
    topTopics,
    referrals: raw.referrals,
    referralsByKind,
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
