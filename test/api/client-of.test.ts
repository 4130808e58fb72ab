/** The client an address stands for in login counts: IPv4 as itself (also IPv4-mapped), IPv6 as its /64. */
import { describe, expect, it } from 'vitest';
import { clientOf } from '../../src/api/auth/login.ts';

describe('clientOf', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['::FFFF:192.0.2.7', '192.0.2.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:0:0:9', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1', 'fe80:0:0:0::/64'],
    ['not an address', 'not an address'],
  ])('%s -> %s', (address, client) => {
    expect(clientOf(address)).toBe(client);
  });
});
