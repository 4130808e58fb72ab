/**
 * The one configuration object, parsed from the environment at boot with zod. A bad value stops
 * start-up with a single line that names the variable and what is wrong with it.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

const optional = z
  .string()
  .transform((v) => v.trim())
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const url = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s]+$/.test(v), `must be an http(s) URL (${what})`)
    .transform((v) => v.replace(/\/+$/, ''));

const onOff = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'].includes(v), 'must be on or off')
  .transform((v) => ['on', 'true', '1', 'yes'].includes(v));

const count = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number of ${what}, ${min}-${max}` })
    .int(`must be a whole number of ${what}, ${min}-${max}`)
    .min(min, `must be a whole number of ${what}, ${min}-${max}`)
    .max(max, `must be a whole number of ${what}, ${min}-${max}`);

const RATE_MESSAGE = 'must be a number of messages per second, 0.1-10000';
const rate = (fallback: number) =>
  z.coerce.number({ error: RATE_MESSAGE }).min(0.1, RATE_MESSAGE).max(10000, RATE_MESSAGE).default(fallback);

const telegramSecret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -');

/** Each key: the variable (README, Environment), its schema, and a one-line description for the README. */
const schema = z.object({
  NODE_ENV: optional,
  /** TCP port of the HTTP server. */
  PORT: z.coerce
    .number({ error: 'must be a port number 0-65535' })
    .int('must be a port number 0-65535')
    .min(0, 'must be a port number 0-65535')
    .max(65535, 'must be a port number 0-65535')
    .default(3000),
  /** Interface the HTTP server listens on. */
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** PGlite directory when DATABASE_URL is unset. */
  DATA_DIR: z.string().trim().min(1).default('./data'),
  /** postgres://… to use a PostgreSQL server instead of PGlite. */
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://')
    .optional(),
  /** https base URL; when set, webhooks are registered with the platforms. */
  PUBLIC_URL: url('public base URL').optional(),
  /** IANA zone of the campaign calendar and quiet hours. */
  TIMEZONE: z
    .string()
    .trim()
    .default('Asia/Ho_Chi_Minh')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Ho_Chi_Minh'),
  /** Password of the first admin account. */
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  /** Bearer token with admin rights for automation. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The /chat channel; on unless NODE_ENV=production. */
  WEBCHAT: onOff.optional(),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, 'must look like 123456:ABC-DEF… (from @BotFather)')
    .optional(),
  TELEGRAM_WEBHOOK_SECRET: telegramSecret.optional(),
  TELEGRAM_API_ROOT: url('Telegram Bot API root').default('https://api.telegram.org'),
  ZALO_OA_APP_ID: optional,
  ZALO_OA_SECRET_KEY: optional,
  ZALO_APP_SECRET: optional,
  ZALO_OA_ACCESS_TOKEN: optional,
  ZALO_OA_REFRESH_TOKEN: optional,
  ZALO_OA_API_ROOT: url('Zalo OA API root').default('https://openapi.zalo.me'),
  ZALO_OAUTH_ROOT: url('Zalo OAuth root').default('https://oauth.zaloapp.com'),
  /** Proactive OA messages a month (docs/SOURCES.md: 1,000 was stated on an outdated page, so configuration). */
  ZALO_OA_PROACTIVE_QUOTA: count('proactive messages a month', 0, 1_000_000).default(1000),
  /** Promotion messages per follower a day and a month (verified OA: 1 and 4; docs/SOURCES.md). */
  ZALO_OA_PROMOTION_PER_DAY: count('promotions per follower a day', 0, 100).default(1),
  ZALO_OA_PROMOTION_PER_MONTH: count('promotions per follower a month', 0, 1000).default(4),
  /** Messages a second the OA sends at most (about 20/s is reported, UNVERIFIED: docs/SOURCES.md). */
  ZALO_OA_RATE: z.coerce
    .number({ error: 'must be a number of messages per second, 0.1-1000' })
    .min(0.1, 'must be a number of messages per second, 0.1-1000')
    .max(1000, 'must be a number of messages per second, 0.1-1000')
    .default(20),
  ZALO_BOT_TOKEN: z
    .string()
    .trim()
    .regex(/^[^\s/?#%]+$/, 'must be the bot token from Zalo Bot Creator (no spaces or slashes)')
    .optional(),
  ZALO_BOT_WEBHOOK_SECRET: z
    .string()
    .min(8, 'must be 8-256 characters')
    .max(256, 'must be 8-256 characters')
    .optional(),
  ZALO_BOT_API_ROOT: url('Zalo Bot API root').default('https://bot-api.zaloplatforms.com'),
  /** Broadcast messages a second over all Telegram chats (docs/SOURCES.md: about 30/s). */
  TELEGRAM_RATE: rate(30),
  /** Rate in Telegram's paid broadcast mode (allow_paid_broadcast, docs/SOURCES.md: up to 1000/s). */
  TELEGRAM_PAID_RATE: rate(1000),
  /** Seconds without a heartbeat after which a replica counts as lost: its in-flight deliveries become unknown. */
  BROADCAST_LOST_AFTER_S: count('seconds', 2, 3600).default(30),
  /** Hours when broadcasts wait for the morning, local time in TIMEZONE (default 21:00-07:00). */
  QUIET_HOURS: z
    .string()
    .trim()
    .regex(
      /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/,
      'must be HH:MM-HH:MM, e.g. 21:00-07:00, or "off"',
    )
    .or(z.literal('off'))
    .default('21:00-07:00'),
  /** Messages a second the Zalo Bot may send (the platform documents no limit: docs/SOURCES.md). */
  ZALO_BOT_RATE: z.coerce
    .number({ error: 'must be a number of messages per second, 0.1-1000' })
    .min(0.1, 'must be a number of messages per second, 0.1-1000')
    .max(1000, 'must be a number of messages per second, 0.1-1000')
    .default(20),
  /** Log level of the service (pino). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Who residents can ask when the FAQ has no answer (shown by the bot). */
  OFFICER_CONTACT: optional,
  /** A word that switches the chat at once to a neutral topic (matched with or without diacritics). */
  QUICK_EXIT_WORD: z
    .string()
    .trim()
    .min(2, 'must be 2-40 characters')
    .max(40, 'must be 2-40 characters')
    .refine((v) => !v.startsWith('/'), 'must be a word, not a /command')
    .default('thời tiết'),
  /**
   * Which proxies' X-Forwarded-For to believe: "off" (the client is the TCP peer), a number of proxy
   * hops in front of the service, or the proxies' addresses/CIDRs (comma-separated; also loopback,
   * linklocal, uniquelocal). Never "all": anyone could then pick the address every limit counts by.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .toLowerCase()
    .refine(
      (v) => trustProxyValue(v) !== undefined,
      'must be off, a number of proxy hops (1-10), or proxy addresses/CIDRs separated by commas',
    )
    .default('off'),
  /** Bearer token for GET /metrics (the ADMIN_TOKEN is accepted too); without either /metrics is closed. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Audiences over this many communes/wards (or province-wide) need a second person's approval; "off" never. */
  FOUR_EYES_ABOVE_UNITS: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(off|\d{1,4})$/, 'must be a whole number of communes and wards (0 = every broadcast) or "off"')
    .default('1'),
});

export type Env = z.input<typeof schema>;

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address or CIDR a proxy can have ("10.0.0.0/8", "::1", "loopback"). */
function proxyAddress(v: string): boolean {
  if (PROXY_NAMES.has(v)) return true;
  const [ip, bits, extra] = v.split('/');
  const family = isIP(ip ?? '');
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY as Fastify's trustProxy: false, a hop count, or a list of addresses; undefined when
 * the value is none of these. "on"/"true" (believe anyone) is refused on purpose.
 */
export function trustProxyValue(v: string): false | number | string[] | undefined {
  if (['off', 'false', 'no', '0'].includes(v)) return false;
  if (/^\d{1,2}$/.test(v)) return Number(v) >= 1 && Number(v) <= 10 ? Number(v) : undefined;
  const list = v.split(',').map((x) => x.trim());
  return list.length > 0 && list.every(proxyAddress) ? list : undefined;
}

export interface Config {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  publicUrl?: string;
  timezone: string;
  adminPassword?: string;
  adminToken?: string;
  webchat: boolean;
  logLevel: string;
  officerContact?: string;
  /** The word that switches a chat to a neutral topic until /start. */
  quickExitWord: string;
  /** TRUST_PROXY as Fastify's trustProxy (false: the TCP peer is the client). */
  trustProxy: false | number | string[];
  /** METRICS_TOKEN: with the ADMIN_TOKEN, the bearer tokens /metrics accepts. */
  metricsToken?: string;
  /** FOUR_EYES_ABOVE_UNITS: audiences over this many units need a second approver; null when off. */
  fourEyesAboveUnits: number | null;
  telegram?: { token: string; webhookSecret?: string; apiRoot: string };
  /** Broadcast rates a second (TELEGRAM_RATE, TELEGRAM_PAID_RATE). */
  telegramRate: number;
  telegramPaidRate: number;
  /** Quiet hours as minutes after local midnight [start, end), or null when off (QUIET_HOURS). */
  quietHours: { start: number; end: number } | null;
  /** BROADCAST_LOST_AFTER_S. */
  broadcastLostAfterS: number;
  zaloOa?: {
    appId: string;
    secretKey: string;
    appSecret?: string;
    accessToken?: string;
    refreshToken?: string;
    apiRoot: string;
    oauthRoot: string;
    /** Sends a second over all followers (ZALO_OA_RATE). */
    rate: number;
    proactivePerMonth: number;
    promotionPerDay: number;
    promotionPerMonth: number;
  };
  zaloBot?: { token: string; webhookSecret?: string; apiRoot: string; rate: number };
}

/** "21:00-07:00" -> minutes after midnight; "off" -> null. */
function parseQuietHours(v: string): { start: number; end: number } | null {
  if (v === 'off') return null;
  const [start, end] = v.split('-').map((hm) => {
    const [h, m] = hm.split(':').map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  });
  return { start: start ?? 0, end: end ?? 0 };
}

/** Thrown with one line naming the variable; main() prints it and exits 1. */
export class ConfigError extends Error {}

/** Reads the environment (process.env by default) into a Config or throws ConfigError. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in schema.shape && v !== undefined && v.trim() !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (e.PUBLIC_URL && !e.PUBLIC_URL.startsWith('https://') && production) {
    throw new ConfigError(
      'PUBLIC_URL: must be an https URL in production (platforms only call https webhooks)',
    );
  }
  if (e.PUBLIC_URL && e.TELEGRAM_BOT_TOKEN && !e.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError(
      'TELEGRAM_WEBHOOK_SECRET: required when PUBLIC_URL and TELEGRAM_BOT_TOKEN are set (webhook mode)',
    );
  }
  if (e.PUBLIC_URL && e.ZALO_BOT_TOKEN && !e.ZALO_BOT_WEBHOOK_SECRET) {
    throw new ConfigError(
      'ZALO_BOT_WEBHOOK_SECRET: required when PUBLIC_URL and ZALO_BOT_TOKEN are set (webhook mode)',
    );
  }
  const zaloOaOn = Boolean(
    e.ZALO_OA_APP_ID && e.ZALO_OA_SECRET_KEY && (e.ZALO_OA_ACCESS_TOKEN || e.ZALO_OA_REFRESH_TOKEN),
  );
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    publicUrl: e.PUBLIC_URL,
    timezone: e.TIMEZONE,
    adminPassword: e.ADMIN_PASSWORD,
    adminToken: e.ADMIN_TOKEN,
    webchat: e.WEBCHAT ?? !production,
    logLevel: e.LOG_LEVEL,
    officerContact: e.OFFICER_CONTACT,
    quickExitWord: e.QUICK_EXIT_WORD,
    trustProxy: trustProxyValue(e.TRUST_PROXY) ?? false,
    metricsToken: e.METRICS_TOKEN,
    fourEyesAboveUnits: e.FOUR_EYES_ABOVE_UNITS === 'off' ? null : Number(e.FOUR_EYES_ABOVE_UNITS),
    telegramRate: e.TELEGRAM_RATE,
    telegramPaidRate: e.TELEGRAM_PAID_RATE,
    quietHours: parseQuietHours(e.QUIET_HOURS),
    broadcastLostAfterS: e.BROADCAST_LOST_AFTER_S,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
          apiRoot: e.TELEGRAM_API_ROOT,
        }
      : undefined,
    zaloOa: zaloOaOn
      ? {
          appId: e.ZALO_OA_APP_ID as string,
          secretKey: e.ZALO_OA_SECRET_KEY as string,
          appSecret: e.ZALO_APP_SECRET,
          accessToken: e.ZALO_OA_ACCESS_TOKEN,
          refreshToken: e.ZALO_OA_REFRESH_TOKEN,
          apiRoot: e.ZALO_OA_API_ROOT,
          oauthRoot: e.ZALO_OAUTH_ROOT,
          rate: e.ZALO_OA_RATE,
          proactivePerMonth: e.ZALO_OA_PROACTIVE_QUOTA,
          promotionPerDay: e.ZALO_OA_PROMOTION_PER_DAY,
          promotionPerMonth: e.ZALO_OA_PROMOTION_PER_MONTH,
        }
      : undefined,
    zaloBot: e.ZALO_BOT_TOKEN
      ? {
          token: e.ZALO_BOT_TOKEN,
          webhookSecret: e.ZALO_BOT_WEBHOOK_SECRET,
          apiRoot: e.ZALO_BOT_API_ROOT,
          rate: e.ZALO_BOT_RATE,
        }
      : undefined,
  };
}
