/**
 * The campaign scheduler: every minute (node-cron in TIMEZONE) it materialises the calendar, fires
 * approved occurrences that are due into scheduled broadcasts, marks the ones whose day passed as
 * missed, and makes and sends officers' notices. Any number of replicas may run it: an occurrence
 * becomes a broadcast through createBroadcast's ON CONFLICT on the occurrence id, under a row lock,
 * so it fires exactly once. On start it catches up at once, but only within the occurrence's own day
 * and before quiet hours begin: nothing missed while the service was down goes out late at night.
 */
import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../../config.ts';
import { type CampaignCalendar, loadCalendar } from '../../content/campaigns.ts';
import type { ContentIndex } from '../../content/types.ts';
import type { Database, Db } from '../../db/client.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import { createBroadcast } from '../../db/queries/broadcasts.ts';
import {
  dueOccurrences,
  getOccurrence,
  getSetting,
  markMissed,
  materialiseOccurrences,
  setOccurrence,
  type Theme,
  themeKey,
} from '../../db/queries/campaigns.ts';
import type { MessageTexts } from '../../db/schema/broadcasts.ts';
import type { OccurrenceRow } from '../../db/schema/campaigns.ts';
import type { I18n } from '../../i18n.ts';
import type { ChannelAdapter } from '../channels/types.ts';
import { fireDeadline, localDate, occurrencesOfYear, renderMessage } from './calendar.ts';
import { makeNotices, sendNotices } from './notices.ts';
import { isQuiet } from './quiet-hours.ts';

/** Who the calendar acts as in broadcasts and the audit log. */
export const CALENDAR_ACTOR = 'calendar';

export interface SchedulerDeps {
  database: Database;
  config: Pick<Config, 'timezone' | 'quietHours'>;
  i18n: I18n;
  channels: ChannelAdapter[];
  /** The units, to count which communes broadcasts reached (quarterly target). */
  content: () => Pick<ContentIndex, 'units'>;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** Wakes this replica's delivery workers after a broadcast was created. */
  wake: () => void;
  now?: () => Date;
  /** The calendar data (default: the shipped src/content/data/campaigns.json). */
  calendar?: CampaignCalendar;
}

export interface TickResult {
  materialised: number;
  fired: number[];
  missed: number;
  notices: number;
}

export interface Scheduler {
  /** Runs one tick at once (catch-up), then one every minute. */
  start(): Promise<void>;
  /** Stops the minute job and waits for a tick in progress. */
  stop(): Promise<void>;
  tick(now: Date): Promise<TickResult>;
}

const inTx = <T>(database: Database, fn: (db: Db) => Promise<T>) =>
  database.db.transaction((tx) => fn(tx as unknown as Db));

/** Builds this replica's scheduler; nothing runs until start() (or tick() in tests). */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { database, config } = deps;
  const tz = config.timezone;
  const calendar = deps.calendar ?? loadCalendar();
  const clock = deps.now ?? (() => new Date());
  let materialisedOn = '';
  let task: ScheduledTask | undefined;
  let running: Promise<unknown> = Promise.resolve();

  /** Claims one occurrence: the broadcast, the occurrence marked fired and the audit, or nothing. */
  async function fire(id: number, now: Date): Promise<number | undefined> {
    return inTx(database, async (db) => {
      const occ = await getOccurrence(db, id, true);
      if (occ?.status !== 'approved') return undefined;
      const theme = await getSetting<Theme>(db, themeKey(Number(occ.date.slice(0, 4))));
      const { texts, missing } = renderMessage(occ.message, theme);
      if (missing.includes('vi')) {
        deps.log.warn({ occurrence: occ.id }, 'occurrence not fired: the year has no theme');
        return undefined;
      }
      const b = await createBroadcast(db, {
        message: texts as MessageTexts,
        media: occ.media,
        audience: occ.audience,
        occurrenceId: occ.id,
        status: 'scheduled',
        sendAt: occ.dueAt,
        createdBy: CALENDAR_ACTOR,
        approvedBy: occ.approvedBy,
        now,
      });
      if (!b) return undefined;
      await setOccurrence(db, occ.id, ['approved'], { status: 'fired', firedAt: now, broadcastId: b.id });
      const details = { broadcastId: b.id, key: occ.key, late: now.getTime() - occ.dueAt.getTime() > 60_000 };
      await recordAudit(db, {
        actor: CALENDAR_ACTOR,
        action: 'occurrence.fire',
        target: `occurrence:${occ.id}`,
        details,
        at: now,
      });
      return b.id;
    });
  }

  const mayFire = (o: OccurrenceRow, today: string, now: Date) =>
    o.date === today && now < fireDeadline(o.date, o.time, tz, config.quietHours);

  async function tick(now: Date): Promise<TickResult> {
    const today = localDate(now, tz);
    const result: TickResult = { materialised: 0, fired: [], missed: 0, notices: 0 };
    if (materialisedOn !== today) {
      const year = Number(today.slice(0, 4));
      const list = [...occurrencesOfYear(calendar, year, tz), ...occurrencesOfYear(calendar, year + 1, tz)];
      // Only from today on: a day that passed before the calendar existed was never missed.
      result.materialised = await materialiseOccurrences(
        database.db,
        list.filter((o) => o.date >= today),
        now,
      );
      materialisedOn = today;
    }
    result.missed = await inTx(database, async (db) => {
      const missed = await markMissed(db, today, now);
      for (const o of missed) {
        const details = { key: o.key, wasApproved: o.approvedBy !== null };
        await recordAudit(db, {
          actor: CALENDAR_ACTOR,
          action: 'occurrence.missed',
          target: `occurrence:${o.id}`,
          details,
          at: now,
        });
      }
      return missed.length;
    });
    for (const o of await dueOccurrences(database.db, now)) {
      if (!mayFire(o, today, now)) continue;
      const id = await fire(o.id, now);
      if (id !== undefined) result.fired.push(id);
    }
    if (result.fired.length > 0) deps.wake();
    await makeNotices(database.db, { today, now, timeZone: tz, content: deps.content() });
    if (!isQuiet(now, tz, config.quietHours)) result.notices = await sendNotices(database.db, deps, now);
    return result;
  }

  const run = () => {
    running = running.then(() =>
      tick(clock()).catch((err: Error) => deps.log.warn({ err: { type: err.name } }, 'calendar tick failed')),
    );
    return running;
  };

  return {
    tick,
    async start() {
      await run();
      task = cron.schedule('* * * * *', () => void run(), {
        name: `campaign-calendar-${randomUUID()}`,
        timezone: tz,
        noOverlap: true,
      });
    },
    async stop() {
      if (task) {
        await task.stop();
        await task.destroy();
        task = undefined;
      }
      await running;
    },
  };
}
