/**
 * The client address every per-address limit counts by (login 20/min, FAQ search 120/min, web chat
 * 60/min): a forged X-Forwarded-For changes nothing unless TRUST_PROXY names the peer as a proxy.
 * Each limit is sent its allowance plus five with a new X-Forwarded-For every time: without a
 * trusted proxy the extra five are refused; from a trusted proxy each forwarded client counts apart,
 * and a client behind one trusted hop cannot escape by prepending forged addresses.
 * Limits are kept in memory, not in the database, so this runs on PGlite only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN_RATE } from '../../src/api/console/pages/login.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import type { Service } from '../../src/service.ts';
import { openTestPglite } from '../support/db.ts';
import { testService } from '../support/service.ts';

const pglite = { name: 'pglite' as const, open: openTestPglite };

/** Each limit: how to send one request, and how many a minute it allows. */
const LIMITS = [
  {
    name: 'POST /admin/login',
    max: LOGIN_RATE.max,
    request: { method: 'POST' as const, url: '/admin/login', payload: { username: 'admin', password: 'x' } },
  },
  {
    name: 'GET /api/v1/faq/search',
    max: 120,
    request: { method: 'GET' as const, url: '/api/v1/faq/search' },
  },
  {
    name: 'POST /chat/api/messages',
    max: 60,
    request: { method: 'POST' as const, url: '/chat/api/messages', payload: {} },
  },
];

let serial = 0;
/** A new, never-used address each call (documentation ranges, RFC 5737). */
const forged = () => `203.0.113.${(++serial % 250) + 1}, 198.51.100.${(serial % 200) + 1}`;

describe('client addresses and X-Forwarded-For', () => {
  let service: Service | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  /** Sends `n` requests of `limit` from `remoteAddress`; each gets a header made by `xff(i)`. */
  const burst = async (
    limit: (typeof LIMITS)[number],
    n: number,
    remoteAddress: string,
    xff: (i: number) => string | undefined,
  ) => {
    const codes: number[] = [];
    for (let i = 0; i < n; i++) {
      const header = xff(i);
      const res = await (service as Service).app.inject({
        ...limit.request,
        remoteAddress,
        headers: header ? { 'x-forwarded-for': header } : {},
      });
      codes.push(res.statusCode);
    }
    return codes;
  };
  const refused = (codes: number[]) => codes.filter((c) => c === 429).length;

  it.each(LIMITS)(
    'TRUST_PROXY off (default): rotating X-Forwarded-For does not escape $name',
    async (limit) => {
      service = await testService(pglite, { WEBCHAT: 'on' });
      const codes = await burst(limit, limit.max + 5, '192.0.2.10', () => forged());
      expect(refused(codes.slice(0, limit.max)), limit.name).toBe(0);
      expect(codes.slice(limit.max), limit.name).toEqual([429, 429, 429, 429, 429]);
      // Another real client is not affected by the first one's limit.
      expect(refused(await burst(limit, 1, '192.0.2.11', () => undefined))).toBe(0);
    },
  );

  it.each(LIMITS)(
    'TRUST_PROXY=<proxy address>: forwarded clients count apart; others still cannot forge ($name)',
    async (limit) => {
      service = await testService(pglite, { WEBCHAT: 'on', TRUST_PROXY: '192.0.2.1' });
      // Through the proxy: every request is another client, none is limited.
      const viaProxy = await burst(limit, limit.max + 5, '192.0.2.1', (i) => `198.18.0.${i + 1}`);
      expect(refused(viaProxy)).toBe(0);
      // Through the proxy, one client: limited at its own allowance.
      const one = await burst(limit, limit.max + 2, '192.0.2.1', () => '198.18.1.1');
      expect(one.slice(limit.max)).toEqual([429, 429]);
      // Straight from an address that is not the proxy: the header is ignored.
      const direct = await burst(limit, limit.max + 3, '192.0.2.77', () => forged());
      expect(direct.slice(limit.max)).toEqual([429, 429, 429]);
    },
  );

  it('TRUST_PROXY=1: a client behind one proxy cannot escape by prepending forged addresses', async () => {
    const limit = LIMITS[0] as (typeof LIMITS)[number];
    service = await testService(pglite, { TRUST_PROXY: '1' });
    // The proxy appends the address it saw (198.18.2.2); the client made up everything before it.
    const codes = await burst(limit, limit.max + 3, '10.1.1.1', () => `${forged()}, 198.18.2.2`);
    expect(codes.slice(limit.max)).toEqual([429, 429, 429]);
  });

  it.each([
    ['on', /TRUST_PROXY: must be off/],
    ['true', /TRUST_PROXY: must be off/],
    ['11', /TRUST_PROXY/],
    ['10.0.0.0/33', /TRUST_PROXY/],
    ['10.0.0.1, example.org', /TRUST_PROXY/],
  ])('TRUST_PROXY=%s is refused at start with one line', (value, message) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(message);
  });

  it.each([
    ['off', false],
    ['2', 2],
    ['10.0.0.1, 10.0.0.0/8,::1,loopback', ['10.0.0.1', '10.0.0.0/8', '::1', 'loopback']],
  ])('TRUST_PROXY=%s is read as %j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });
});
