import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('config', () => {
  it('has the defaults the README lists', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      timezone: 'Asia/Ho_Chi_Minh',
      webchat: true,
      production: false,
      quickExitWord: 'thời tiết',
    });
    expect(c.telegram).toBeUndefined();
    expect(c.zaloOa).toBeUndefined();
    expect(c.zaloBot).toBeUndefined();
  });

  it('turns the web chat off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).webchat).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', WEBCHAT: 'on' }).webchat).toBe(true);
    expect(loadConfig({ WEBCHAT: 'off' }).webchat).toBe(false);
  });

  it('enables channels from their variables', () => {
    const c = loadConfig({
      TELEGRAM_BOT_TOKEN: '123456:ABC-def_ghi',
      TELEGRAM_WEBHOOK_SECRET: 'secret_1',
      ZALO_BOT_TOKEN: 'zb-token',
      ZALO_OA_APP_ID: 'app',
      ZALO_OA_SECRET_KEY: 'key',
      ZALO_OA_REFRESH_TOKEN: 'refresh',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9999/',
    });
    expect(c.telegram).toEqual({
      token: '123456:ABC-def_ghi',
      webhookSecret: 'secret_1',
      apiRoot: 'http://127.0.0.1:9999',
    });
    expect(c.zaloBot?.apiRoot).toBe('https://bot-api.zaloplatforms.com');
    expect(c.zaloOa?.appId).toBe('app');
    expect(c.zaloOa).toMatchObject({
      rate: 20,
      proactivePerMonth: 1000,
      promotionPerDay: 1,
      promotionPerMonth: 4,
    });
  });

  it('reads the Zalo OA limits and keeps the OA off without a token', () => {
    const oa = { ZALO_OA_APP_ID: 'app', ZALO_OA_SECRET_KEY: 'key', ZALO_OA_ACCESS_TOKEN: 'access' };
    const c = loadConfig({
      ...oa,
      ZALO_OA_PROACTIVE_QUOTA: '0',
      ZALO_OA_PROMOTION_PER_DAY: '2',
      ZALO_OA_PROMOTION_PER_MONTH: '6',
      ZALO_OA_RATE: '5.5',
      ZALO_OAUTH_ROOT: 'http://127.0.0.1:1/',
    });
    expect(c.zaloOa).toMatchObject({
      proactivePerMonth: 0,
      promotionPerDay: 2,
      promotionPerMonth: 6,
      rate: 5.5,
      oauthRoot: 'http://127.0.0.1:1',
    });
    expect(loadConfig({ ZALO_OA_APP_ID: 'app', ZALO_OA_SECRET_KEY: 'key' }).zaloOa).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc', /^PORT: must be a port number/],
    ['PORT', '70000', /^PORT: /],
    ['DATABASE_URL', 'mysql://x', /^DATABASE_URL: must start with postgres/],
    ['TIMEZONE', 'Mars/Olympus', /^TIMEZONE: must be an IANA time zone/],
    ['TELEGRAM_API_ROOT', 'ftp://x', /^TELEGRAM_API_ROOT: must be an http\(s\) URL/],
    ['TELEGRAM_BOT_TOKEN', 'not a token', /^TELEGRAM_BOT_TOKEN: /],
    ['TELEGRAM_WEBHOOK_SECRET', 'has space', /^TELEGRAM_WEBHOOK_SECRET: /],
    ['ZALO_BOT_WEBHOOK_SECRET', 'short', /^ZALO_BOT_WEBHOOK_SECRET: must be 8-256/],
    ['ZALO_BOT_TOKEN', '123:abc/def', /^ZALO_BOT_TOKEN: must be the bot token/],
    ['ZALO_BOT_RATE', 'fast', /^ZALO_BOT_RATE: must be a number of messages per second/],
    [
      'ZALO_OA_PROACTIVE_QUOTA',
      '-1',
      /^ZALO_OA_PROACTIVE_QUOTA: must be a whole number of proactive messages/,
    ],
    ['ZALO_OA_PROACTIVE_QUOTA', 'many', /^ZALO_OA_PROACTIVE_QUOTA: must be a whole number/],
    ['ZALO_OA_PROMOTION_PER_DAY', '1.5', /^ZALO_OA_PROMOTION_PER_DAY: must be a whole number/],
    ['ZALO_OA_PROMOTION_PER_MONTH', '5000', /^ZALO_OA_PROMOTION_PER_MONTH: must be a whole number/],
    ['ZALO_OA_RATE', '0', /^ZALO_OA_RATE: must be a number of messages per second/],
    ['ZALO_OAUTH_ROOT', 'ftp://x', /^ZALO_OAUTH_ROOT: must be an http\(s\) URL/],
    ['ZALO_BOT_RATE', '0', /^ZALO_BOT_RATE: must be a number/],
    ['ZALO_BOT_RATE', '5000', /^ZALO_BOT_RATE: must be a number/],
    ['ADMIN_PASSWORD', 'short', /^ADMIN_PASSWORD: must be at least 10/],
    ['ADMIN_PASSWORD', '123456789', /^ADMIN_PASSWORD: must be at least 10/],
    ['WEBCHAT', 'maybe', /^WEBCHAT: must be on or off/],
    ['QUICK_EXIT_WORD', 'x', /^QUICK_EXIT_WORD: must be 2-40 characters/],
    ['QUICK_EXIT_WORD', '/start', /^QUICK_EXIT_WORD: must be a word/],
    ['TELEGRAM_RATE', '0', /^TELEGRAM_RATE: must be a number of messages per second/],
    ['TELEGRAM_PAID_RATE', 'lots', /^TELEGRAM_PAID_RATE: must be a number of messages per second/],
    ['QUIET_HOURS', '21-7', /^QUIET_HOURS: must be HH:MM-HH:MM/],
    ['QUIET_HOURS', '24:00-07:00', /^QUIET_HOURS: must be HH:MM-HH:MM/],
    ['BROADCAST_LOST_AFTER_S', '1', /^BROADCAST_LOST_AFTER_S: must be a whole number of seconds, 2-3600/],
    ['FOUR_EYES_ABOVE_UNITS', 'two', /^FOUR_EYES_ABOVE_UNITS: must be a whole number of communes and wards/],
    ['FOUR_EYES_ABOVE_UNITS', '-1', /^FOUR_EYES_ABOVE_UNITS: must be a whole number/],
    ['FOUR_EYES_ABOVE_UNITS', '1.5', /^FOUR_EYES_ABOVE_UNITS: must be a whole number/],
  ])('rejects %s=%s with one line naming it', (name, value, message) => {
    let err: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('requires https for PUBLIC_URL in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'http://example.org' })).toThrow(
      /^PUBLIC_URL/,
    );
    expect(loadConfig({ PUBLIC_URL: 'https://hoaban.example.org/' }).publicUrl).toBe(
      'https://hoaban.example.org',
    );
  });

  it('requires a webhook secret when Telegram runs in webhook mode', () => {
    const env = { TELEGRAM_BOT_TOKEN: '123456:ABC-def', PUBLIC_URL: 'https://hoaban.example.org' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/^TELEGRAM_WEBHOOK_SECRET: required when PUBLIC_URL/);
    expect(loadConfig({ ...env, TELEGRAM_WEBHOOK_SECRET: 's3cret_x' }).telegram?.webhookSecret).toBe(
      's3cret_x',
    );
    // Long polling needs no secret.
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '123456:ABC-def' }).telegram?.webhookSecret).toBeUndefined();
  });

  it('requires a webhook secret when the Zalo Bot runs in webhook mode', () => {
    const env = { ZALO_BOT_TOKEN: '1234567890:zb-Token', PUBLIC_URL: 'https://hoaban.example.org' };
    expect(() => loadConfig(env)).toThrow(/^ZALO_BOT_WEBHOOK_SECRET: required when PUBLIC_URL/);
    const webhook = loadConfig({ ...env, ZALO_BOT_WEBHOOK_SECRET: 'zalo-secret-1' }).zaloBot;
    expect(webhook).toEqual({
      token: '1234567890:zb-Token',
      webhookSecret: 'zalo-secret-1',
      apiRoot: 'https://bot-api.zaloplatforms.com',
      rate: 20,
    });
    // Polling needs no secret.
    expect(loadConfig({ ZALO_BOT_TOKEN: '1234567890:zb-Token' }).zaloBot?.webhookSecret).toBeUndefined();
  });

  it('reads the Zalo Bot send rate', () => {
    const c = loadConfig({
      ZALO_BOT_TOKEN: '1:t',
      ZALO_BOT_RATE: '2.5',
      ZALO_BOT_API_ROOT: 'http://127.0.0.1:1/',
    });
    expect(c.zaloBot).toMatchObject({ rate: 2.5, apiRoot: 'http://127.0.0.1:1' });
  });

  it('reads the broadcast rates, quiet hours and the lost-replica timeout', () => {
    const d = loadConfig({});
    expect(d).toMatchObject({
      telegramRate: 30,
      telegramPaidRate: 1000,
      quietHours: { start: 21 * 60, end: 7 * 60 },
      broadcastLostAfterS: 30,
    });
    const c = loadConfig({
      TELEGRAM_RATE: '12.5',
      QUIET_HOURS: '22:30-05:45',
      BROADCAST_LOST_AFTER_S: '5',
    });
    expect(c).toMatchObject({ telegramRate: 12.5, quietHours: { start: 22 * 60 + 30, end: 5 * 60 + 45 } });
    expect(loadConfig({ QUIET_HOURS: 'off' }).quietHours).toBeNull();
  });

  it('reads the four-eyes threshold: one unit by default, 0 for every broadcast, off', () => {
    expect(loadConfig({}).fourEyesAboveUnits).toBe(1);
    expect(loadConfig({ FOUR_EYES_ABOVE_UNITS: '0' }).fourEyesAboveUnits).toBe(0);
    expect(loadConfig({ FOUR_EYES_ABOVE_UNITS: ' 12 ' }).fourEyesAboveUnits).toBe(12);
    expect(loadConfig({ FOUR_EYES_ABOVE_UNITS: 'OFF' }).fourEyesAboveUnits).toBeNull();
  });

  it('reads the quick-exit word', () => {
    expect(loadConfig({ QUICK_EXIT_WORD: ' mưa to ' }).quickExitWord).toBe('mưa to');
  });
});
