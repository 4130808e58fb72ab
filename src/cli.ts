/**
 * `hoaban <command>`: what operators and scripts run next to the service (CONTRACT.md).
 * Each command prints its own --help; errors are one line on stderr and a non-zero exit.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ask } from './bot/ask.ts';
import type { SessionState } from './bot/types.ts';
import { ConfigError, loadConfig } from './config.ts';
import { checkContent } from './content/check.ts';
import { buildContentIndex, loadSeedContent } from './content/index.ts';
import type { Locale } from './content/types.ts';
import { openDatabase } from './db/client.ts';
import { DataDirLockedError } from './db/lock.ts';
import { prepareDatabase } from './db/prepare.ts';
import { createI18n } from './i18n.ts';

const HELP = `Usage: hoaban <command> [options]

Commands:
  ask [--json] [--lang vi|en] [TEXT]   what the bot would answer (stdin: one message a line)
  migrate                             migrate the database and seed content on a new one
  content check [DIR]                 validate the content files (default: the shipped ones)

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
  content: `Usage: hoaban content check [DIR]

Checks content files (faq.json, services.json, units.json in DIR, default the shipped ones):
unknown law codes, legal answers without a citation, answers past their review-by date,
unverified phone numbers, broken parent links, missing translations. Exits 1 on any error.`,
};

class UsageError extends Error {}

async function withDatabase<T>(fn: (content: Awaited<ReturnType<typeof prepareDatabase>>) => Promise<T>) {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    return await fn(await prepareDatabase(database));
  } finally {
    await database.close();
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

async function cmdContent(args: string[]) {
  const [sub, dir, ...rest] = args;
  if (sub === '--help' || args.includes('--help') || sub === undefined) {
    return void process.stdout.write(`${HELPS.content}\n`);
  }
  if (sub !== 'check' || rest.length > 0) throw new UsageError(`unknown content command: ${args.join(' ')}`);
  const report = checkContent(loadSeedContent(dir), new Date());
  const fields = Object.entries(report.counts.byField)
    .map(([f, n]) => `${f} ${n}`)
    .join(', ');
  process.stdout.write(
    `${report.counts.answers} answers (${fields}); ${report.counts.services} services; ${report.counts.units} units\n`,
  );
  for (const w of report.warnings) process.stdout.write(`warning: ${w}\n`);
  for (const e of report.errors) process.stderr.write(`error: ${e}\n`);
  if (report.errors.length > 0) {
    process.stderr.write(`${report.errors.length} error(s)\n`);
    process.exitCode = 1;
  } else process.stdout.write('content check passed\n');
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  ask: cmdAsk,
  migrate: cmdMigrate,
  content: cmdContent,
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
  const known = err instanceof UsageError || err instanceof ConfigError || err instanceof DataDirLockedError;
  process.stderr.write(`hoaban: ${known ? err.message : `${err.name}: ${err.message}`}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
