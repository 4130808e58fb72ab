/**
 * A report as named tables with translated headers and labels: what the XLSX sheets, the CSV files
 * and the console's preview all show, so the three never disagree.
 */
import type { Translate } from '../console/layout.ts';
import type { Report } from './figures.ts';

export type Cell = string | number;
export interface Table {
  id: TableId;
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** The tables of a report, in the order of the XLSX sheets. */
export const TABLE_IDS = [
  'summary',
  'messages',
  'reach',
  'faq_fields',
  'faq_areas',
  'faq_topics',
  'referrals',
  'referral_kinds',
  'subscribers',
] as const;
export type TableId = (typeof TABLE_IDS)[number];

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Labels of the codes stored in rows (channels, campaigns, fields, units). */
export function labels(t: Translate) {
  const orKey = (key: string, fallback: string) => {
    const v = t(key);
    return v === key || v.endsWith(key.split(':').pop() as string) ? fallback : v;
  };
  return {
    channel: (c: string) => orKey(`channel.${c}`, c),
    campaign: (c: string) =>
      c === 'officers' ? t('campaign.officers') : capital(orKey(`campaigns:campaign.${c}`, c)),
    field: (f: string) => orKey(`field.${f}`, f),
    kind: (k: string) => orKey(`kind.${k}`, k),
    unit: (u: string | null) => u ?? t('area.none'),
    district: (d: string | null) => d ?? t('area.none'),
  };
}

/** The report's tables in one language. */
export function reportTables(r: Report, t: Translate, lang: 'vi' | 'en'): Table[] {
  const l = labels(t);
  const c = (...keys: string[]) => keys.map((k) => t(`col.${k}`));
  const status = ['sent', 'failed', 'skipped', 'unknown'];
  const tot = r.totals;
  const tables: Record<TableId, Omit<Table, 'id' | 'title'>> = {
    summary: {
      columns: c('metric', 'value'),
      rows: (Object.keys(tot) as Array<keyof typeof tot>).map((k) => [t(`metric.${k}`), tot[k]]),
    },
    messages: {
      columns: c('campaign', 'formerDistrict', 'unit', 'channel', ...status, 'pending'),
      rows: r.messages.map((m) => [
        l.campaign(m.campaign),
        l.district(m.formerDistrict),
        l.unit(m.unit),
        l.channel(m.channel),
        m.sent,
        m.failed,
        m.skipped,
        m.unknown,
        m.pending,
      ]),
    },
    reach: {
      columns: c('channel', 'recipients', 'unlinked', ...status),
      rows: r.reach.map((x) => [
        l.channel(x.channel),
        x.recipients,
        x.unlinked,
        x.sent,
        x.failed,
        x.skipped,
        x.unknown,
      ]),
    },
    faq_fields: {
      columns: c('field', 'menu', 'typed', 'total'),
      rows: r.faqByField.map((f) => [l.field(f.field), f.menu, f.typed, f.total]),
    },
    faq_areas: {
      columns: c('formerDistrict', 'unit', 'field', 'menu', 'typed', 'total'),
      rows: r.faqByArea.map((f) => [
        l.district(f.formerDistrict),
        l.unit(f.unit),
        l.field(f.field),
        f.menu,
        f.typed,
        f.total,
      ]),
    },
    faq_topics: {
      columns: c('rank', 'topic', 'field', 'total'),
      rows: r.topTopics.map((x, i) => [i + 1, x.title[lang] ?? x.title.vi, l.field(x.field), x.total]),
    },
    referrals: {
      columns: c('formerDistrict', 'unit', 'channel', 'count'),
      rows: r.referrals.map((x) => [
        l.district(x.formerDistrict),
        l.unit(x.unit),
        l.channel(x.channel),
        x.count,
      ]),
    },
    referral_kinds: {
      columns: c('formerDistrict', 'unit', 'kind', 'count'),
      rows: r.referralsByKind.map((x) => [
        l.district(x.formerDistrict),
        l.unit(x.unit),
        l.kind(x.kind),
        x.count,
      ]),
    },
    subscribers: {
      columns: c('formerDistrict', 'unit', 'channel', 'joined', 'left', 'deleted'),
      rows: r.subscribers.map((s) => [
        l.district(s.formerDistrict),
        l.unit(s.unit),
        l.channel(s.channel),
        s.joined,
        s.left,
        s.deleted,
      ]),
    },
  };
  return TABLE_IDS.map((id) => ({ id, title: t(`table.${id}`), ...tables[id] }));
}

/** The download's file name: hoa-ban-bao-cao-<from>_<to>[-<table>].<ext>. */
export function fileName(r: Report, ext: 'xlsx' | 'csv', table?: TableId): string {
  return `hoa-ban-bao-cao-${r.period.from}_${r.period.to}${table ? `-${table}` : ''}.${ext}`;
}
