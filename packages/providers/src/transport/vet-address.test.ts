import { describe, expect, it } from 'vitest';
import { ProviderError } from '../core/provider-error.js';
import { classifyAddress } from './address-class.js';
import { createHostAllowList, DEFAULT_PRIVATE_PORTS } from './host-allow-list.js';
import { connectOptionsFor, resolveAndVet, systemLookup } from './vet-address.js';
import type { LookupAddress, LookupFn } from './vet-address.js';

const denyAll = (): boolean => false;
const allowAll = (): boolean => true;

/** A fake resolver: names map to answers; a string answer is an error code to fail with. */
function fakeLookup(
  table: Record<string, string[] | string | 'HANG'>,
): LookupFn & { calls: string[] } {
  const calls: string[] = [];
  const fn = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const answer = table[hostname];
    if (answer === 'HANG') return new Promise(() => {});
    if (answer === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    if (typeof answer === 'string') throw Object.assign(new Error(answer), { code: answer });
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(fn, { calls });
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'OK';
  } catch (err) {
    expect(err).toBeInstanceOf(ProviderError);
    return (err as ProviderError).code;
  }
}

// Every spelling of a non-public destination. None needs DNS: literals are parsed, never looked up.
const privateSpellings: [string, string][] = [
  ['127.0.0.1', 'loopback'],
  ['127.1', 'loopback (short form)'],
  ['0177.0.0.1', 'loopback (octal)'],
  ['2130706433', 'loopback (decimal)'],
  ['0x7f000001', 'loopback (hex)'],
  ['0x7f.1', 'loopback (hex, short)'],
  ['127.255.255.254', 'loopback (end of /8)'],
  ['::1', 'IPv6 loopback'],
  ['[::1]', 'IPv6 loopback in brackets'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback (hex words)'],
  ['[::ffff:7f00:1]', 'IPv4-mapped loopback in brackets'],
  ['::7f00:1', 'IPv4-compatible loopback'],
  ['64:ff9b::7f00:1', 'NAT64 loopback'],
  ['::ffff:0:7f00:1', 'IPv4-translated loopback'],
  ['64:ff9b::a00:1', 'NAT64 10.0.0.1'],
  ['2002:7f00:1::', '6to4 loopback'],
  ['2002:c0a8:101::1', '6to4 192.168.1.1'],
  ['10.0.0.1', 'RFC 1918 10/8'],
  ['012.0.0.1', 'RFC 1918 10/8 (octal)'],
  ['172.16.0.1', 'RFC 1918 172.16/12'],
  ['172.31.255.255', 'RFC 1918 172.16/12 (end)'],
  ['192.168.1.1', 'RFC 1918 192.168/16'],
  ['3232235777', 'RFC 1918 192.168.1.1 (decimal)'],
  ['100.64.0.1', 'CGNAT'],
  ['100.127.255.255', 'CGNAT (end)'],
  ['fc00::1', 'unique local'],
  ['fd12:3456:789a::1', 'unique local (fd)'],
  ['64:ff9b:1::1', 'local-use NAT64'],
];

const alwaysBlocked: [string, string][] = [
  ['0.0.0.0', 'unspecified'],
  ['0', 'unspecified (decimal)'],
  ['0.1.2.3', 'this network'],
  ['::', 'IPv6 unspecified'],
  ['169.254.169.254', 'cloud metadata (link-local)'],
  ['::ffff:169.254.169.254', 'mapped metadata'],
  ['100.100.100.200', 'cloud metadata (Alibaba)'],
  ['fd00:ec2::254', 'cloud metadata (AWS IPv6)'],
  ['fe80::1', 'IPv6 link-local'],
  ['fe80::1%eth0', 'IPv6 link-local with zone'],
  ['fec0::1', 'IPv6 site-local'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast (SSDP)'],
  ['ff02::1', 'IPv6 multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved 240/4'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.2.1', 'TEST-NET-1'],
  ['198.51.100.7', 'TEST-NET-2'],
  ['203.0.113.9', 'TEST-NET-3'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking (end)'],
  ['2001:db8::1', 'IPv6 documentation'],
  ['3fff::1', 'IPv6 documentation (RFC 9637)'],
  ['2001:2::1', 'IPv6 benchmarking'],
  ['2001::1', 'Teredo'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo (real-looking)'],
  ['100::1', 'IPv6 discard-only'],
  ['4000::1', 'IPv6 outside global unicast'],
  ['::2', 'IPv4-compatible 0.0.0.2'],
];

const publicAddresses: [string, string, 4 | 6][] = [
  ['8.8.8.8', '8.8.8.8', 4],
  ['1.1.1.1', '1.1.1.1', 4],
  ['134744072', '8.8.8.8', 4],
  ['0x08080808', '8.8.8.8', 4],
  ['::ffff:8.8.8.8', '8.8.8.8', 4],
  ['172.15.255.255', '172.15.255.255', 4],
  ['172.32.0.0', '172.32.0.0', 4],
  ['100.63.255.255', '100.63.255.255', 4],
  ['100.128.0.0', '100.128.0.0', 4],
  ['198.17.255.255', '198.17.255.255', 4],
  ['198.20.0.0', '198.20.0.0', 4],
  ['223.255.255.255', '223.255.255.255', 4],
  ['2606:4700:4700::1111', '2606:4700:4700::1111', 6],
  ['[2a00:1450:4001:80b::200e]', '2a00:1450:4001:80b::200e', 6],
  ['64:ff9b::808:808', '64:ff9b::808:808', 6],
  ['2002:808:808::1', '2002:808:808::1', 6],
];

describe('resolveAndVet: IP literals in every spelling', () => {
  const lookup = fakeLookup({});

  it.each(privateSpellings)('refuses %s (%s) by default', async (host) => {
    expect(await codeOf(resolveAndVet(host, { port: 993, allowPrivate: denyAll, lookup }))).toBe(
      'HOST_NOT_ALLOWED',
    );
  });

  it.each(privateSpellings)('lets %s (%s) through when allowPrivate says so', async (host) => {
    expect(await codeOf(resolveAndVet(host, { port: 993, allowPrivate: allowAll, lookup }))).toBe(
      'OK',
    );
  });

  it.each(alwaysBlocked)('refuses %s (%s) even when allowPrivate says yes', async (host) => {
    expect(await codeOf(resolveAndVet(host, { port: 993, allowPrivate: allowAll, lookup }))).toBe(
      'HOST_NOT_ALLOWED',
    );
  });

  it.each(publicAddresses)('accepts public %s as %s', async (host, address, family) => {
    const vetted = await resolveAndVet(host, { port: 993, allowPrivate: denyAll, lookup });
    expect(vetted).toMatchObject({ address, family });
  });

  it('never looks literals up', () => {
    expect(lookup.calls).toEqual([]);
  });

  it('hands allowPrivate the name, the canonical address and the port', async () => {
    const seen: [string, string, number][] = [];
    await resolveAndVet('::ffff:7f00:1', {
      port: 587,
      allowPrivate: (h, a, p) => (seen.push([h, a, p]), true),
      lookup,
    });
    expect(seen).toEqual([['::ffff:7f00:1', '127.0.0.1', 587]]);
  });

  it('names the port in the refusal: a private host is allowed per port', async () => {
    const err = await resolveAndVet('10.0.0.1', {
      port: 22,
      allowPrivate: (_h, _a, p) => p === 993,
      lookup,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'HOST_NOT_ALLOWED',
      detail: '10.0.0.1: private network address on port 22',
    });
  });
});

describe('resolveAndVet: names', () => {
  const lookup = fakeLookup({
    'imap.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'evil.example.com': ['127.0.0.1'],
    'mixed.example.com': ['93.184.215.14', '10.0.0.5'],
    'mixed6.example.com': ['2606:4700:4700::1111', '::ffff:127.0.0.1'],
    'metadata.example.com': ['169.254.169.254'],
    'corp-mail.example.com': ['10.1.2.3'],
    'mapped.example.com': ['::ffff:93.184.215.14'],
    'empty.example.com': [],
    'garbage.example.com': ['not-an-ip'],
    'slow.example.com': 'HANG',
    'flaky.example.com': 'EAI_AGAIN',
    'nodata.example.com': 'ENODATA',
  });

  it('returns the first address of a public name, keeping the name for TLS', async () => {
    const vetted = await resolveAndVet('IMAP.Example.com.', {
      port: 993,
      allowPrivate: denyAll,
      lookup,
    });
    expect(vetted).toEqual({ host: 'imap.example.com', address: '93.184.215.14', family: 4 });
    expect(connectOptionsFor(vetted)).toEqual({
      host: '93.184.215.14',
      servername: 'imap.example.com',
    });
  });

  it('unwraps an IPv4-mapped answer to plain IPv4', async () => {
    expect(
      await resolveAndVet('mapped.example.com', { port: 993, allowPrivate: denyAll, lookup }),
    ).toMatchObject({ address: '93.184.215.14', family: 4 });
  });

  it.each([
    ['evil.example.com', denyAll, 'HOST_NOT_ALLOWED'],
    ['evil.example.com', allowAll, 'OK'],
    ['mixed.example.com', denyAll, 'HOST_NOT_ALLOWED'],
    ['mixed6.example.com', denyAll, 'HOST_NOT_ALLOWED'],
    ['metadata.example.com', allowAll, 'HOST_NOT_ALLOWED'],
    ['garbage.example.com', allowAll, 'HOST_NOT_ALLOWED'],
    ['nowhere.example.com', denyAll, 'HOST_NOT_FOUND'],
    ['nodata.example.com', denyAll, 'HOST_NOT_FOUND'],
    ['empty.example.com', denyAll, 'HOST_NOT_FOUND'],
    ['flaky.example.com', denyAll, 'CONNECTION_TIMEOUT'],
    ['imap.example.com:993', denyAll, 'HOST_NOT_FOUND'],
    ['https://imap.example.com', denyAll, 'HOST_NOT_FOUND'],
    ['', denyAll, 'HOST_NOT_FOUND'],
  ] as const)('%s (allowPrivate %#) -> %s', async (host, allowPrivate, expected) => {
    expect(await codeOf(resolveAndVet(host, { port: 993, allowPrivate, lookup }))).toBe(expected);
  });

  it('refuses a mixed answer even when the private address is listed last', async () => {
    const err = await resolveAndVet('mixed.example.com', {
      port: 993,
      allowPrivate: denyAll,
      lookup,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HOST_NOT_ALLOWED', step: 'vet' });
  });

  it('times a hanging lookup out as CONNECTION_TIMEOUT at step dns', async () => {
    const started = Date.now();
    const err = await resolveAndVet('slow.example.com', {
      port: 993,
      allowPrivate: denyAll,
      lookup,
      timeoutMs: 50,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONNECTION_TIMEOUT', step: 'dns' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('re-vets on every call: a name that turns private is refused on the next connect', async () => {
    let answer = '93.184.215.14';
    const rebinding: LookupFn = async () => [{ address: answer, family: 4 }];
    expect(
      await resolveAndVet('rebind.example.com', {
        port: 993,
        allowPrivate: denyAll,
        lookup: rebinding,
      }),
    ).toMatchObject({ address: '93.184.215.14' });
    answer = '127.0.0.1';
    expect(
      await codeOf(
        resolveAndVet('rebind.example.com', {
          port: 993,
          allowPrivate: denyAll,
          lookup: rebinding,
        }),
      ),
    ).toBe('HOST_NOT_ALLOWED');
  });

  it('asks allowPrivate about the host by name', async () => {
    const allowList = createHostAllowList(['*.example.com']);
    expect(
      await resolveAndVet('corp-mail.example.com', { port: 993, allowPrivate: allowList, lookup }),
    ).toMatchObject({ address: '10.1.2.3' });
    // An allowed name still never reaches link-local.
    expect(
      await codeOf(
        resolveAndVet('metadata.example.com', { port: 993, allowPrivate: allowList, lookup }),
      ),
    ).toBe('HOST_NOT_ALLOWED');
  });
});

describe('resolveAndVet with the system resolver', () => {
  it.each(['localhost', '127.1'])(
    'refuses %s by default and allows it when allowed',
    async (host) => {
      expect(
        await codeOf(
          resolveAndVet(host, { port: 993, allowPrivate: denyAll, lookup: systemLookup }),
        ),
      ).toBe('HOST_NOT_ALLOWED');
      const vetted = await resolveAndVet(host, {
        port: 993,
        allowPrivate: createHostAllowList(['localhost', '127.0.0.0/8', '::1']),
      });
      expect(['127.0.0.1', '::1']).toContain(vetted.address);
    },
  );
});

describe('classifyAddress: every /8 and the edges of every smaller range', () => {
  type Tier = 'public' | 'private' | 'blocked';
  const ip = (a: number, b: number, c: number, d: number): number =>
    ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  // Written independently of the implementation's CIDR table: integer intervals, first match wins.
  const expected: [number, number, Tier][] = [
    [ip(0, 0, 0, 0), ip(0, 255, 255, 255), 'blocked'],
    [ip(10, 0, 0, 0), ip(10, 255, 255, 255), 'private'],
    [ip(100, 100, 100, 200), ip(100, 100, 100, 200), 'blocked'],
    [ip(100, 64, 0, 0), ip(100, 127, 255, 255), 'private'],
    [ip(127, 0, 0, 0), ip(127, 255, 255, 255), 'private'],
    [ip(169, 254, 0, 0), ip(169, 254, 255, 255), 'blocked'],
    [ip(172, 16, 0, 0), ip(172, 31, 255, 255), 'private'],
    [ip(192, 0, 0, 0), ip(192, 0, 0, 255), 'blocked'],
    [ip(192, 0, 2, 0), ip(192, 0, 2, 255), 'blocked'],
    [ip(192, 88, 99, 0), ip(192, 88, 99, 255), 'blocked'],
    [ip(192, 168, 0, 0), ip(192, 168, 255, 255), 'private'],
    [ip(198, 18, 0, 0), ip(198, 19, 255, 255), 'blocked'],
    [ip(198, 51, 100, 0), ip(198, 51, 100, 255), 'blocked'],
    [ip(203, 0, 113, 0), ip(203, 0, 113, 255), 'blocked'],
    [ip(224, 0, 0, 0), ip(255, 255, 255, 255), 'blocked'],
  ];
  const expectedTier = (n: number): Tier =>
    expected.find(([lo, hi]) => n >= lo && n <= hi)?.[2] ?? 'public';
  const dotted = (n: number): string =>
    [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  const hexWords = (n: number): string => `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;

  // Probes: the first, second and last address of every /8, and one either side of every range edge.
  const probes = new Set<number>();
  for (let a = 0; a < 256; a += 1)
    [ip(a, 0, 0, 0), ip(a, 0, 0, 1), ip(a, 255, 255, 255)].forEach((n) => probes.add(n));
  for (const [lo, hi] of expected) {
    for (const n of [lo - 1, lo, hi, hi + 1]) if (n >= 0 && n <= 0xffffffff) probes.add(n >>> 0);
  }

  it(`classifies ${probes.size} probe addresses the same in every spelling`, () => {
    const mismatches: string[] = [];
    for (const n of probes) {
      const want = expectedTier(n);
      const spellings = [
        dotted(n),
        String(n),
        `0x${n.toString(16)}`,
        `::ffff:${dotted(n)}`,
        `::ffff:${hexWords(n)}`,
        `64:ff9b::${hexWords(n)}`,
      ];
      if (n >>> 24 !== 0) spellings.push(`2002:${hexWords(n)}::1`);
      for (const spelling of spellings) {
        const got = classifyAddress(spelling).tier;
        if (got !== want) mismatches.push(`${spelling}: ${got}, want ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('classifies one address in each IPv6 /8: global unicast public, ULA private, the rest blocked', () => {
    const wrong: string[] = [];
    for (let top = 0x100; top < 0x10000; top += 0x100) {
      const address = `${top.toString(16)}::1`;
      const want =
        top >= 0xfc00 && top < 0xfe00
          ? 'private'
          : top >= 0x2000 && top < 0x4000
            ? 'public'
            : 'blocked';
      const got = classifyAddress(address).tier;
      if (got !== want) wrong.push(`${address}: ${got}, want ${want}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('createHostAllowList', () => {
  const allow = createHostAllowList([
    'mail.corp.example',
    '*.intra.example',
    'Bücher.example',
    '10.20.0.0/16',
    '192.168.1.7',
    'fd00:1234::/32',
    '[fd00:beef::1]',
    '::ffff:172.16.0.0/112',
  ]);

  it.each([
    ['mail.corp.example', '10.9.9.9', true],
    ['MAIL.CORP.EXAMPLE.', '10.9.9.9', true],
    ['other.corp.example', '10.9.9.9', false],
    ['imap.intra.example', '10.9.9.9', true],
    ['a.b.intra.example', '10.9.9.9', true],
    ['intra.example', '10.9.9.9', false],
    ['evilintra.example', '10.9.9.9', false],
    ['xn--bcher-kva.example', '10.9.9.9', true],
    ['anything.example', '10.20.1.2', true],
    ['anything.example', '10.21.0.1', false],
    ['anything.example', '192.168.1.7', true],
    ['anything.example', '192.168.1.8', false],
    ['anything.example', 'fd00:1234::5', true],
    ['anything.example', 'fd00:1235::5', false],
    ['anything.example', 'fd00:beef::1', true],
    ['anything.example', '172.16.5.5', true],
    ['anything.example', '172.17.0.1', false],
    ['192.168.1.7', '192.168.1.7', true],
    ['0xc0a80107', '192.168.1.7', true],
  ] as const)('%s at %s -> %s', (host, address, expected) => {
    expect(allow(host, address, 993)).toBe(expected);
  });

  it('opens only the standard mail and HTTPS ports for an entry without a port', () => {
    expect(
      DEFAULT_PRIVATE_PORTS.map((port) => allow('mail.corp.example', '10.9.9.9', port)),
    ).toEqual(DEFAULT_PRIVATE_PORTS.map(() => true));
    for (const port of [22, 25, 80, 3306, 6379, 8080])
      expect(allow('mail.corp.example', '10.9.9.9', port)).toBe(false);
    expect(allow('anything.example', '10.20.1.2', 6379)).toBe(false);
  });

  const ported = createHostAllowList([
    'mail.corp.example:1993',
    'relay.corp.example:25',
    '*.lab.example:*',
    '10.30.0.0/16:8443',
    '[fd00:beef::1]:2525',
    '[fd00:cafe::/32]:4190',
    '192.168.9.9:*',
  ]);
  it.each([
    ['mail.corp.example', '10.9.9.9', 1993, true],
    ['mail.corp.example', '10.9.9.9', 993, false],
    ['relay.corp.example', '10.9.9.9', 25, true],
    ['relay.corp.example', '10.9.9.9', 587, false],
    ['x.lab.example', '10.9.9.9', 22, true],
    ['anything.example', '10.30.4.4', 8443, true],
    ['anything.example', '10.30.4.4', 443, false],
    ['anything.example', 'fd00:beef::1', 2525, true],
    ['anything.example', 'fd00:beef::1', 993, false],
    ['anything.example', 'fd00:cafe::9', 4190, true],
    ['anything.example', 'fd00:cafe::9', 993, false],
    ['anything.example', '192.168.9.9', 65535, true],
  ] as const)('with ports: %s at %s on %d -> %s', (host, address, port, expected) => {
    expect(ported(host, address, port)).toBe(expected);
  });

  it('reads a bare IPv6 address as the address, never as address:port', () => {
    const bare = createHostAllowList(['fd00::1:993']);
    expect(bare('x.example', 'fd00::1:993', 993)).toBe(true);
    expect(bare('x.example', 'fd00::1', 993)).toBe(false);
  });

  it.each([
    'https://x.example',
    '10.0.0.0/33',
    '*',
    '*.',
    'a b',
    'mail.corp.example:0',
    'mail.corp.example:65536',
    'mail.corp.example:imap',
    'mail.corp.example:',
    '[fd00::1]:x',
    '[not-an-ip]:993',
  ])('rejects the entry %j', (entry) => {
    expect(() => createHostAllowList([entry])).toThrow(/Allow-list entry/);
  });

  it('ignores blank entries', () => {
    expect(createHostAllowList(['', '  '])('a.example', '10.0.0.1', 993)).toBe(false);
  });
});

describe('connectOptionsFor', () => {
  it('gives no servername for an IP literal', () => {
    expect(connectOptionsFor({ host: '2130706433', address: '127.0.0.1', family: 4 })).toEqual({
      host: '127.0.0.1',
    });
    expect(connectOptionsFor({ host: '::1', address: '::1', family: 6 })).toEqual({ host: '::1' });
  });
});
