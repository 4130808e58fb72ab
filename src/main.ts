/**
 * Start-up: config -> database -> content -> channels -> HTTP. A bad setting or a data directory
 * held by another process stops here with one clear line; SIGTERM drains and closes cleanly.
 */
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/lock.ts';
import { createService } from './service.ts';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`hoaban: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const started = Date.now();
  let service: Awaited<ReturnType<typeof createService>>;
  try {
    service = await createService(config, {
      logger: {
        level: config.logLevel,
        redact: {
          paths: ['req.headers.authorization', 'req.headers.cookie', '*.token', '*.chatId'],
          censor: '[redacted]',
        },
      },
    });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`hoaban: ${err.message}\n`);
      process.exit(1);
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`hoaban: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`hoaban: could not open the database: ${e.code ? `${e.code} ` : ''}${e.message}\n`);
    process.exit(1);
  }
  const url = await service.start();
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  const lines = [
    `Hoa Ban is running at ${url} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  database:   ${where}${service.seeded ? ', content seeded' : ''}`,
    config.webchat ? `  web chat:   ${url}/chat` : '  web chat:   off (WEBCHAT=on to enable)',
    `  health:     ${url}/healthz, ${url}/readyz, metrics at ${url}/metrics`,
    `  FAQ search: ${url}/api/v1/faq/search?q=...`,
    `  channels:   ${service.channels.map((c) => c.name).join(', ') || 'none'}`,
    `  console:    ${url}/admin`,
  ];
  const admin = service.firstAdmin;
  // The generated password goes to stdout once and never through the logger.
  if (admin.password)
    lines.push(`  account:    ${admin.username} created, password ${admin.password} (shown once; change it)`);
  else if (admin.created) lines.push(`  account:    ${admin.username} created with ADMIN_PASSWORD`);
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    service.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
