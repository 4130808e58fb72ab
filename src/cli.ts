/**
 * `hoaban <command>`: what operators and scripts run next to the service (README).
 * Each command prints its own --help; errors are one line on stderr and a non-zero exit.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { guardEntry, importDetails, OPERATOR } from './api/routes/content/directory-guard.ts';
import { ask } from './bot/ask.ts';
import type { SessionState } from './bot/types.ts';
import { cmdAccount, cmdToken } from './cli-accounts.ts';
import { ConfigError, loadConfig } from './config.ts';
import { type CheckResult, checkContent } from './content/check.ts';
import { ExportTargetNotEmptyError, exportContent } from './content/export.ts';
import { describeColumns } from './content/import/columns.ts';
import { readContentDir } from './content/import/content-dir.ts';
import { parseDirectoryCsv } from './content/import/directory-csv.ts';
import { planDirectoryImport } from './content/import/plan.ts';
import { buildContentIndex, loadSeedContent } from './content/index.ts';
import { PLAN_FIELDS } from './content/schemas.ts';
import type { Locale } from './content/types.ts';
import { type Database, openDatabase } from './db/client.ts';
import { DataDirLockedError } from './db/lock.ts';
import { prepareDatabase } from './db/prepare.ts';
import { recordAudit } from './db/queries/audit.ts';
import { importServices, replaceContent } from './db/queries/content.ts';
import { createI18n } from './i18n.ts';

const HELP = `Usage: hoaban <command> [options]

Commands:
  ask [--json] [--lang vi|en] [TEXT]   what the bot would answer (stdin: one message a line)
  migrate                             migrate the database and seed content on a new one
  content check [DIR] [--db]          validate content files (default: the shipped ones) or the database
  export content DIR [--force]        write the database's content as faq.json, services.json, units.json
  import content DIR                  check those three files and replace the database's content with them
  import directory FILE.csv           add or update the province's own directory entries
  token create --user NAME [--label L] an API token acting as that account, printed once
  account create --user NAME --role R a console account (password read from standard input)

The database is the one of DATA_DIR (PGlite, default ./data) or DATABASE_URL.
Run 'hoaban <command> --help' for a command's options.`;

const HELPS: Record<string, string> = {
  ask: `Usage: hoaban ask [--json] [--lang vi|en] [TEXT]

Prints what the bot would answer to TEXT, without storing anything about the conversation.
Without TEXT, reads one message a line from standard input and answers each in order.
  --json        one JSON object a line: {"text","intent","answers":[{"id","title","citations"}],"reply"}
  --lang vi|en  language of the answers (default vi)`,
  migrate: `Usage: hoaban migrate

Applies the database migrations and, on an empty database, seeds the shipped content.`,
  content: `Usage: hoaban content check [DIR] [--db]

Checks content files (faq.json, services.json, units.json in DIR, default the shipped ones), or with
--db the content in the database: unknown law codes, legal answers without a citation, answers past
their review-by date, unverified phone numbers, broken parent links, missing translations. Exits 1 on
any error. Lists the directory entries not confirmed for 12 months: residents no longer see them.
The shipped files may only carry numbers verified in docs/SOURCES.md; officers' entries (a DIR or --db)
carry their own source and confirmed date, so their services' phones are theirs to vouch for.`,
  export: `Usage: hoaban export content DIR [--force]

Writes the content now in the database (officers' edits included) to DIR/faq.json, services.json and
units.json, in the layout of the shipped files: sorted, stable key order, so a diff shows each edit.
Refuses to overwrite non-empty files unless --force.`,
  import: `Usage: hoaban import content DIR
       hoaban import directory FILE.csv [--replace] [--dry-run]

import content: checks DIR/faq.json, services.json and units.json (schemas and content check) and,
only if there is no error, replaces the whole content of the database in one transaction.

import directory: adds or updates (by id) the province's own directory entries from a CSV file
(UTF-8, comma- or semicolon-separated, header on line 1). Every row is checked first; any error is
printed as "line N: column: message" and nothing is written. Columns (only the required ones must be
in the header):
${describeColumns()}

  --replace   the file becomes the whole list: entries not in it are removed, except those shipped
              with Hoa Ban (emergency numbers, national hotlines, docs/SOURCES.md entries)
  --dry-run   check the file and say what would change, without writing

Shelters and trusted addresses never show their address: residents get the phone and are told the
address is given by phone. Entries whose confirmed date is more than 12 months old stay in the
database but are hidden from residents until re-confirmed (see 'hoaban content check --db').`,
};

class UsageError extends Error {}
/** The database could not be reached or prepared: one line naming the cause, as `npm start` prints. */
class DatabaseUnavailableError extends Error {}

type Prepared = Awaited<ReturnType<typeof prepareDatabase>> & { database: Database };

async function withDatabase<T>(fn: (prepared: Prepared) => Promise<T>) {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    const prepared = await prepareDatabase(database).catch((err: NodeJS.ErrnoException) => {
      throw new DatabaseUnavailableError(
        `could not open the database: ${err.code ? `${err.code} ` : ''}${err.message}`,
      );
    });
    return await fn({ ...prepared, database });
  } finally {
    await database.close().catch(() => {});
  }
}

async function cmdAsk(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'vi' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help) return void process.stdout.write(`${HELPS.ask}\n`);
  if (values.lang !== 'vi' && values.lang !== 'en') throw new UsageError('--lang must be vi or en');
  const locale = values.lang as Locale;
  await withDatabase(async ({ content }) => {
    const deps = {
      content: buildContentIndex(content),
      i18n: createI18n(),
      officerContact: loadConfig().officerContact,
    };
    let session: SessionState | null = null;
    const answer = (text: string) => {
      const out = ask(deps, text, { locale, session });
      session = out.session ?? { locale };
      process.stdout.write(values.json ? `${JSON.stringify(out.result)}\n` : `${out.result.reply}\n\n`);
    };
    if (positionals.length > 0) return answer(positionals.join(' '));
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (line.trim()) answer(line.trim());
    }
  });
}

async function cmdMigrate(args: string[]) {
  if (args.includes('--help')) return void process.stdout.write(`${HELPS.migrate}\n`);
  await withDatabase(async ({ content, seeded }) => {
    process.stdout.write(
      `Database migrated${seeded ? '; content seeded' : ''}: ${content.faq.length} FAQ nodes, ${content.services.length} services, ${content.units.length} units.\n`,
    );
  });
}

function printCheck(report: CheckResult) {
  // In the plan's order, "(none)" last, so the line reads the same whatever order the content came in.
  const rank = (f: string) => {
    const i = (PLAN_FIELDS as readonly string[]).indexOf(f);
    return i < 0 ? PLAN_FIELDS.length : i;
  };
  const fields = Object.entries(report.counts.byField)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([f, n]) => `${f} ${n}`)
    .join(', ');
  process.stdout.write(
    `${report.counts.answers} answers (${fields}); ${report.counts.services} services; ${report.counts.units} units\n`,
  );
  for (const w of report.warnings) process.stdout.write(`warning: ${w}\n`);
  if (report.stale.length) {
    process.stdout.write(
      `${report.stale.length} stale entr${report.stale.length === 1 ? 'y' : 'ies'}, hidden from residents until re-confirmed:\n`,
    );
    for (const s of report.stale) process.stdout.write(`stale: ${s.id} (confirmed ${s.confirmed})\n`);
  }
}

function printErrors(errors: string[]) {
  for (const e of errors) process.stderr.write(`error: ${e}\n`);
  process.stderr.write(`${errors.length} error(s); nothing was written\n`);
  process.exitCode = 1;
}

async function cmdContent(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'boolean', default: false }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  const [sub, dir, ...rest] = positionals;
  if (values.help || sub === undefined) return void process.stdout.write(`${HELPS.content}\n`);
  if (sub !== 'check' || rest.length > 0 || (values.db && dir)) {
    throw new UsageError(`unknown content command: ${args.join(' ')}`);
  }
  const today = new Date();
  const report = values.db
    ? await withDatabase(async ({ content }) => checkContent(content, today))
    : checkContent(loadSeedContent(dir), today, { shipped: dir === undefined });
  printCheck(report);
  if (report.errors.length > 0) {
    for (const e of report.errors) process.stderr.write(`error: ${e}\n`);
    process.stderr.write(`${report.errors.length} error(s)\n`);
    process.exitCode = 1;
  } else process.stdout.write('content check passed\n');
}

async function cmdExport(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { force: { type: 'boolean', default: false }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) return void process.stdout.write(`${HELPS.export}\n`);
  const [what, dir, ...rest] = positionals;
  if (what !== 'content' || !dir || rest.length)
    throw new UsageError('usage: hoaban export content DIR [--force]');
  await withDatabase(async ({ content }) => {
    try {
      const files = exportContent(content, dir, { force: values.force });
      process.stdout.write(
        `Exported ${content.faq.length} FAQ nodes, ${content.services.length} services, ${content.units.length} units: ${files.join(', ')}\n`,
      );
    } catch (err) {
      if (err instanceof ExportTargetNotEmptyError) throw new UsageError(err.message);
      throw err;
    }
  });
}

/** Replaces the whole content from the operator's files: the operator acts as an admin (OPERATOR). */
async function importContent(dir: string) {
  const read = readContentDir(dir, new Date());
  if (!read.ok) {
    for (const w of read.warnings) process.stdout.write(`warning: ${w}\n`);
    return printErrors(read.errors);
  }
  printCheck(read.check);
  await withDatabase(async ({ database }) => {
    await replaceContent(database.db, read.data);
    const { faq, services, units } = read.data;
    process.stdout.write(
      `Imported ${faq.length} FAQ nodes, ${services.length} services, ${units.length} units from ${dir}\n`,
    );
  });
}

async function importDirectory(file: string, opts: { replace: boolean; dryRun: boolean }) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const today = new Date();
  const shippedIds = new Set(loadSeedContent().services.map((s) => s.id));
  await withDatabase(async ({ database, content }) => {
    const parsed = parseDirectoryCsv(text, { units: content.units, shippedIds, today });
    for (const w of parsed.warnings) process.stdout.write(`warning: ${w}\n`);
    if (parsed.errors.length) return printErrors(parsed.errors);
    // Every write of entries passes the confidential-address guard; the operator acts as an admin
    // (OPERATOR), so it may make an address public, and the audit entry names the fields changed.
    const stored = new Map(content.services.map((s) => [s.id, s]));
    const changed: Record<string, string[]> = {};
    const refused: string[] = [];
    const incoming = parsed.services.map((s) => {
      const guarded = guardEntry(OPERATOR, s, stored.get(s.id));
      refused.push(...guarded.refused.map((r) => `${s.id}: ${r}`));
      if (guarded.fields.length) changed[s.id] = guarded.fields;
      return guarded.service;
    });
    if (refused.length) return printErrors(refused);
    const plan = planDirectoryImport(content, incoming, { replace: opts.replace, shippedIds, today });
    if (plan.check.errors.length) return printErrors(plan.check.errors);
    if (opts.dryRun) {
      return void process.stdout.write(
        `Dry run: ${plan.added} to add, ${plan.updated} to update, ${plan.removed} to remove; nothing written\n`,
      );
    }
    const r = await database.db.transaction(async (t) => {
      const done = await importServices(t as never, incoming, {
        replace: opts.replace,
        keep: [...shippedIds],
      });
      const counts = { added: done.added, updated: done.updated, removed: done.removed };
      await recordAudit(t as never, {
        actor: 'cli',
        action: 'directory.import',
        target: 'directory',
        details: importDetails(counts, changed),
        at: today,
      });
      return done;
    });
    const stale = plan.check.stale.length ? `; ${plan.check.stale.length} stale, hidden from residents` : '';
    process.stdout.write(
      `Imported ${parsed.services.length} entries from ${file}: ${r.added} added, ${r.updated} updated, ${r.removed} removed${stale}\n`,
    );
  });
}

async function cmdImport(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      replace: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help) return void process.stdout.write(`${HELPS.import}\n`);
  const [what, path, ...rest] = positionals;
  if (what === 'content' && path && !rest.length && !values.replace && !values['dry-run']) {
    return importContent(path);
  }
  if (what === 'directory' && path && !rest.length) {
    return importDirectory(path, { replace: Boolean(values.replace), dryRun: Boolean(values['dry-run']) });
  }
  throw new UsageError(
    'usage: hoaban import content DIR | import directory FILE.csv [--replace] [--dry-run]',
  );
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  ask: cmdAsk,
  migrate: cmdMigrate,
  content: cmdContent,
  export: cmdExport,
  import: cmdImport,
  token: (args) => cmdToken(args, withDatabase, (m) => new UsageError(m)),
  account: (args) => cmdAccount(args, withDatabase, (m) => new UsageError(m)),
};

async function run(argv: string[]) {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const cmd = COMMANDS[name];
  if (!cmd) throw new UsageError(`unknown command '${name}'. Run 'hoaban --help'.`);
  await cmd(args);
}

run(process.argv.slice(2)).catch((err: Error) => {
  const known = [UsageError, ConfigError, DataDirLockedError, DatabaseUnavailableError].some(
    (kind) => err instanceof kind,
  );
  process.stderr.write(`hoaban: ${known ? err.message : `${err.name}: ${err.message}`}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
