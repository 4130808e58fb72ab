/**
 * /api/v1/reports (the figures of a period as JSON, CSV or XLSX), /api/v1/reports/periods (the
 * presets) and /api/v1/dashboard. Any signed-in role may read them (the actor is resolved by
 * auth/hooks.ts for every /api/v1 request); every figure is limited to the
 * account's communes and wards (access.ts). Bad input is a 400 naming the field.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { type Actor, requireRole, scopeUnits } from '../access.ts';
import type { AppDeps } from '../app.ts';
import { consoleT } from '../console/index.ts';
import { describeRoute } from '../openapi-registry.ts';
import { tableCsv } from '../reports/csv.ts';
import { buildDashboard } from '../reports/dashboard.ts';
import { buildReport } from '../reports/figures.ts';
import { MAX_DAYS, parsePeriod, presets, REPORT_PERIODS, today } from '../reports/periods.ts';
import { fileName, reportTables, TABLE_IDS, type TableId } from '../reports/tables.ts';
import { reportXlsx } from '../reports/xlsx.ts';

const FORMATS = ['json', 'csv', 'xlsx'] as const;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('a local date (TIMEZONE), YYYY-MM-DD');
const reportQuery = z.object({
  from: day,
  to: day.describe('the last day, inclusive; at most MAX_DAYS after from'),
  format: z.enum(FORMATS).default('json'),
  table: z.enum(TABLE_IDS).default('messages').describe('the table of a CSV (one table per file)'),
  lang: z.enum(['vi', 'en']).default('vi').describe('language of headers and labels (CSV, XLSX, tables)'),
});
describeRoute({
  method: 'GET',
  path: '/api/v1/reports',
  summary: 'The figures of a period: JSON (with the tables), one table as CSV, or every table as XLSX',
  description:
    'Messages by campaign, area and channel; reach; FAQ questions by field of the plan, province-wide ' +
    'and per area, and top topics; referrals by area and by the kind of place listed (referralsByKind: ' +
    'a referral counts once under each kind it listed; "none" = national numbers only, "unrecorded" = ' +
    'recorded before kinds were kept; never a name, address or number); emergencies (count); ' +
    'subscriptions and unsubscriptions; unanswered questions. Questions, referrals, unsubscriptions and ' +
    'deletions count under the chat’s commune/ward when one was known. Limited to the account’s ' +
    'communes/wards. CSV is UTF-8 with a BOM. 400 naming the field for a bad period or option.',
  role: 'viewer',
  query: reportQuery,
  produces: 'application/json, text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});
describeRoute({
  method: 'GET',
  path: '/api/v1/reports/periods',
  summary:
    'Period presets: this month, the 6-month and annual reports (assumed periods, officers check them)',
  role: 'viewer',
});
describeRoute({
  method: 'GET',
  path: '/api/v1/dashboard',
  summary:
    'Subscribers now, this month’s messages, questions and referrals, unanswered questions (30 days), per unit',
  role: 'viewer',
});

interface ReportQuery {
  from?: string;
  to?: string;
  format?: string;
  table?: string;
  lang?: string;
}

const bad = (reply: FastifyReply, field: string, message: string) =>
  reply.code(400).send({ error: 'bad_request', message: `${field}: ${message}`, field });

/** The reports and dashboard plugin. */
export const reportsRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.addHook('preHandler', requireRole('viewer'));
    const tz = deps.config.timezone;
    const db = () => deps.bot.database.db;
    const clock = () => deps.bot.now?.() ?? new Date();
    const scopeOf = (actor: Actor | undefined) => (actor ? scopeUnits(actor.scope) : []);

    app.get<{ Querystring: ReportQuery }>('/api/v1/reports', async (req, reply) => {
      const q = req.query;
      const format = q.format ?? 'json';
      if (!(FORMATS as readonly string[]).includes(format))
        return bad(reply, 'format', `must be one of ${FORMATS.join(', ')}`);
      if (q.lang !== undefined && q.lang !== 'vi' && q.lang !== 'en')
        return bad(reply, 'lang', 'must be vi or en');
      const table = (q.table ?? 'messages') as TableId;
      if (!TABLE_IDS.includes(table)) return bad(reply, 'table', `must be one of ${TABLE_IDS.join(', ')}`);
      const parsed = parsePeriod(q, tz);
      if ('field' in parsed) return bad(reply, parsed.field, parsed.message);
      const lang = q.lang === 'en' ? 'en' : 'vi';
      const t = consoleT(deps, lang, 'console-reports');
      const report = await buildReport(db(), parsed.period, scopeOf(req.actor), clock());
      const tables = reportTables(report, t, lang);
      reply.header('cache-control', 'no-store');
      if (format === 'json') return { ...report, tables };
      if (format === 'csv') {
        const one = tables.find((x) => x.id === table);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${fileName(report, 'csv', table)}"`)
          .send(one ? tableCsv(one) : '');
      }
      const body = await reportXlsx(report, tables, t, tz);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${fileName(report, 'xlsx')}"`)
        .send(body);
    });

    app.get('/api/v1/reports/periods', async () => ({
      today: today(clock(), tz),
      timeZone: tz,
      maxDays: MAX_DAYS,
      presets: presets(today(clock(), tz)),
      /** The report periods are not in the sources the service relies on: officers check them. */
      assumed: REPORT_PERIODS,
      tables: TABLE_IDS,
    }));

    app.get('/api/v1/dashboard', async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return buildDashboard(db(), {
        today: today(clock(), tz),
        timeZone: tz,
        scope: scopeOf(req.actor),
        now: clock(),
      });
    });
  };
