/**
 * Officers' reminders: an unapproved occurrence three days before it is due, the report deadlines
 * (6-month report by 10/6, annual by 10/12: docs/SOURCES.md) a week before, and the quarterly target of 4
 * news items per commune ten days before the quarter ends. Each notice is made once (by key) for the
 * console and sent once to officers' own chats.
 */
import type { ContentIndex, Locale } from '../../content/types.ts';
import type { Db } from '../../db/client.ts';
import {
  audiencesSentBetween,
  claimUnsentNotices,
  insertNotice,
  noticeExists,
  officerChats,
  pendingBetween,
  setOccurrence,
} from '../../db/queries/campaigns.ts';
import type { NoticeRow } from '../../db/schema/campaigns.ts';
import type { I18n } from '../../i18n.ts';
import type { ChannelAdapter } from '../channels/types.ts';
import { resolveAudience } from './audience.ts';
import { addDays, localToInstant } from './calendar.ts';

/** Days before an unapproved occurrence's date that officers are reminded. */
export const APPROVAL_NOTICE_DAYS = 3;
/** Report deadlines: the 6-month report before 10/6, the annual one before 10/12 (docs/SOURCES.md). */
export const REPORT_DEADLINES = [
  { on: '06-10', report: 'half_year' },
  { on: '12-10', report: 'annual' },
] as const;
export const REPORT_NOTICE_DAYS = 7;
/** News items each commune or ward should receive per quarter, and how early officers hear about it. */
export const QUARTER_TARGET = 4;
export const QUARTER_NOTICE_DAYS = 10;

/** "2026-11-29" -> "29/11/2026", as officers write dates. */
const dmy = (date: string) => date.split('-').reverse().join('/');

/** Communes and wards that received fewer than the target between two instants. */
export async function communesBelowTarget(
  db: Db,
  content: Pick<ContentIndex, 'units'>,
  from: Date,
  to: Date,
): Promise<{ units: number; below: string[] }> {
  const all = content.units.all().map((u) => u.name);
  const count = new Map(all.map((n) => [n, 0]));
  for (const audience of await audiencesSentBetween(db, from, to)) {
    const resolved = resolveAudience(audience, content);
    if (!resolved.ok) continue;
    for (const name of resolved.units ?? all) count.set(name, (count.get(name) ?? 0) + 1);
  }
  return { units: all.length, below: all.filter((n) => (count.get(n) ?? 0) < QUARTER_TARGET).sort() };
}

/** Makes the notices due on a local day (none twice); returns the new ones. */
export async function makeNotices(
  db: Db,
  p: { today: string; now: Date; timeZone: string; content: Pick<ContentIndex, 'units'> },
): Promise<NoticeRow[]> {
  const made: NoticeRow[] = [];
  const add = (n: NoticeRow | undefined) => n && made.push(n);
  const { today, now } = p;
  for (const o of await pendingBetween(db, today, addDays(today, APPROVAL_NOTICE_DAYS))) {
    const data = { occurrenceId: o.id, key: o.key, campaign: o.campaign, date: o.date, time: o.time };
    const key = `approval_due:${o.key}`;
    const notice = await insertNotice(db, { key, kind: 'approval_due', dueDate: o.date, data, now });
    if (notice) await setOccurrence(db, o.id, ['pending'], { remindedAt: now });
    add(notice);
  }
  const year = Number(today.slice(0, 4));
  for (const d of REPORT_DEADLINES) {
    const deadline = `${year}-${d.on}`;
    if (today < addDays(deadline, -REPORT_NOTICE_DAYS) || today > deadline) continue;
    const data = { report: d.report, deadline };
    add(
      await insertNotice(db, {
        key: `report_due:${deadline}`,
        kind: 'report_due',
        dueDate: deadline,
        data,
        now,
      }),
    );
  }
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const start = `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;
  const next = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
  const end = addDays(next, -1);
  const key = `quarter_target:${year}-Q${quarter}`;
  if (today >= addDays(end, -QUARTER_NOTICE_DAYS) && !(await noticeExists(db, key))) {
    const from = localToInstant(start, '00:00', p.timeZone);
    const to = localToInstant(next, '00:00', p.timeZone);
    const { units, below } = await communesBelowTarget(db, p.content, from, to);
    const data = { year, quarter, end, target: QUARTER_TARGET, units, below: below.length, communes: below };
    add(await insertNotice(db, { key, kind: 'quarter_target', dueDate: end, data, now }));
  }
  return made;
}

/** A notice as one short text in an officer's language. */
export function noticeText(i18n: I18n, locale: Locale, n: Pick<NoticeRow, 'kind' | 'data'>): string {
  const t = i18n.fixed(locale, 'campaigns');
  const d = n.data as Record<string, string | number | undefined>;
  switch (n.kind) {
    case 'approval_due':
      return t('notice.approval_due', {
        campaign: t(`campaign.${d.campaign ?? 'custom'}`),
        date: dmy(String(d.date)),
        time: d.time,
      });
    case 'report_due':
      return t(`notice.report_due_${d.report}`, { deadline: dmy(String(d.deadline)) });
    default:
      return t('notice.quarter_target', { ...d, end: dmy(String(d.end)) });
  }
}

export interface NoticeSendDeps {
  i18n: I18n;
  channels: ChannelAdapter[];
  log: { warn(obj: object, msg?: string): void };
}

/**
 * Sends the notices not yet sent to every officer's own chat, all in one message (platforms allow
 * about one message a second per chat). The notices are claimed first (sent_at set), so replicas
 * never send one twice; with no officer linked yet nothing is claimed. Returns the messages sent.
 */
export async function sendNotices(db: Db, deps: NoticeSendDeps, now: Date): Promise<number> {
  const officers = await officerChats(db);
  if (officers.length === 0) return 0;
  const notices = await claimUnsentNotices(db, now);
  if (notices.length === 0) return 0;
  let sent = 0;
  for (const o of officers) {
    const adapter = deps.channels.find((c) => c.name === o.channel);
    if (!adapter) continue;
    const locale: Locale = o.locale === 'en' ? 'en' : 'vi';
    const text = notices.map((n) => noticeText(deps.i18n, locale, n)).join('\n\n');
    try {
      await adapter.send(o.chatId, [{ text }]);
      sent++;
    } catch (err) {
      deps.log.warn({ err: { type: (err as Error).name }, channel: o.channel }, 'officer notice not sent');
    }
  }
  return sent;
}
