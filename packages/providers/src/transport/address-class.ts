import ipaddr from 'ipaddr.js';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/**
 * Where an address may be connected to:
 * - `public`: anyone may connect;
 * - `private`: loopback, RFC 1918, CGNAT, unique-local; only hosts an admin or operator allowed;
 * - `blocked`: never (unspecified, link-local and cloud metadata, multicast, broadcast, reserved,
 *   documentation and benchmarking ranges, Teredo); no setting unblocks these, so an allowed host
 *   whose DNS changes still cannot reach the metadata service.
 */
export type AddressClass =
  { tier: 'public' } | { tier: 'private'; label: string } | { tier: 'blocked'; label: string };

type Rule<T> = { range: [T, number]; tier: 'private' | 'blocked'; label: string };

const v4 = (cidr: string, tier: Rule<IPv4>['tier'], label: string): Rule<IPv4> => ({
  range: ipaddr.IPv4.parseCIDR(cidr),
  tier,
  label,
});
const v6 = (cidr: string, tier: Rule<IPv6>['tier'], label: string): Rule<IPv6> => ({
  range: ipaddr.IPv6.parseCIDR(cidr),
  tier,
  label,
});

// First match wins, so single addresses come before the ranges that contain them.
const ipv4Rules: Rule<IPv4>[] = [
  v4('0.0.0.0/8', 'blocked', 'unspecified'),
  v4('127.0.0.0/8', 'private', 'loopback'),
  v4('10.0.0.0/8', 'private', 'private network'),
  v4('172.16.0.0/12', 'private', 'private network'),
  v4('192.168.0.0/16', 'private', 'private network'),
  v4('100.100.100.200/32', 'blocked', 'cloud metadata service'),
  v4('100.64.0.0/10', 'private', 'carrier-grade NAT'),
  v4('169.254.0.0/16', 'blocked', 'link-local'),
  v4('192.0.0.0/24', 'blocked', 'reserved'),
  v4('192.0.2.0/24', 'blocked', 'documentation'),
  v4('198.51.100.0/24', 'blocked', 'documentation'),
  v4('203.0.113.0/24', 'blocked', 'documentation'),
  v4('192.88.99.0/24', 'blocked', 'reserved'),
  v4('198.18.0.0/15', 'blocked', 'benchmarking'),
  v4('224.0.0.0/4', 'blocked', 'multicast'),
  v4('255.255.255.255/32', 'blocked', 'broadcast'),
  v4('240.0.0.0/4', 'blocked', 'reserved'),
];

const ipv6Rules: Rule<IPv6>[] = [
  v6('::/128', 'blocked', 'unspecified'),
  v6('::1/128', 'private', 'loopback'),
  v6('64:ff9b:1::/48', 'private', 'local-use NAT64'),
  v6('100::/64', 'blocked', 'discard-only'),
  v6('2001::/32', 'blocked', 'Teredo'),
  v6('2001::/23', 'blocked', 'reserved'),
  v6('2001:db8::/32', 'blocked', 'documentation'),
  v6('3fff::/20', 'blocked', 'documentation'),
  v6('fd00:ec2::254/128', 'blocked', 'cloud metadata service'),
  v6('fc00::/7', 'private', 'unique local'),
  v6('fe80::/10', 'blocked', 'link-local'),
  v6('fec0::/10', 'blocked', 'site-local'),
  v6('ff00::/8', 'blocked', 'multicast'),
];

const globalUnicast = ipaddr.IPv6.parseCIDR('2000::/3');
const ipv4Mapped = ipaddr.IPv6.parseCIDR('::ffff:0:0/96');
const ipv4Translated = ipaddr.IPv6.parseCIDR('::ffff:0:0:0/96');
const ipv4Compatible = ipaddr.IPv6.parseCIDR('::/96');
const nat64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
const sixToFour = ipaddr.IPv6.parseCIDR('2002::/16');

/**
 * Parses an IP literal in any spelling getaddrinfo accepts: dotted quad, and the inet_aton forms
 * (2130706433, 0x7f000001, 0177.0.0.1, 127.1, 0x7f.1), IPv6 with or without brackets. Returns
 * undefined for anything else (a host name).
 */
export function parseIpAddress(input: string): IPv4 | IPv6 | undefined {
  const bare = input.trim().replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.IPv4.isValid(bare)) return ipaddr.IPv4.parse(bare);
  if (ipaddr.IPv6.isValid(bare)) return ipaddr.IPv6.parse(bare);
  return undefined;
}

/** The IPv4 address an IPv6 address carries (mapped, translated, compatible, NAT64, 6to4), if any. */
export function embeddedIPv4(address: IPv6): IPv4 | undefined {
  const p = address.parts;
  const fromWords = (hi: number, lo: number): IPv4 =>
    new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (
    address.match(ipv4Mapped) ||
    address.match(ipv4Translated) ||
    address.match(ipv4Compatible) ||
    address.match(nat64)
  ) {
    return fromWords(p[6]!, p[7]!);
  }
  if (address.match(sixToFour)) return fromWords(p[1]!, p[2]!);
  return undefined;
}

/** Classifies one address. Anything unparsable is blocked: the guard fails closed. */
export function classifyAddress(address: string | IPv4 | IPv6): AddressClass {
  const parsed = typeof address === 'string' ? parseIpAddress(address) : address;
  if (!parsed) return { tier: 'blocked', label: 'not an IP address' };
  return parsed.kind() === 'ipv4' ? classifyV4(parsed as IPv4) : classifyV6(parsed as IPv6);
}

function classifyV4(address: IPv4): AddressClass {
  const rule = ipv4Rules.find((r) => address.match(r.range));
  return rule ? { tier: rule.tier, label: rule.label } : { tier: 'public' };
}

function classifyV6(address: IPv6): AddressClass {
  // Exact rules first: ::1 and :: also sit inside the IPv4-compatible ::/96 range.
  const rule = ipv6Rules.find((r) => address.match(r.range));
  if (rule) return { tier: rule.tier, label: rule.label };
  // An address that embeds an IPv4 address is as reachable as that IPv4 address.
  const inner = embeddedIPv4(address);
  if (inner) return classifyV4(inner);
  if (!address.match(globalUnicast)) return { tier: 'blocked', label: 'reserved' };
  return { tier: 'public' };
}

/**
 * The canonical string to connect to: IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes the plain IPv4
 * address, so the connection and the allow-list see the same address.
 */
export function canonicalAddress(address: IPv4 | IPv6): { address: string; family: 4 | 6 } {
  if (address.kind() === 'ipv6') {
    const v6addr = address as IPv6;
    if (v6addr.isIPv4MappedAddress())
      return { address: v6addr.toIPv4Address().toString(), family: 4 };
    return { address: v6addr.toString(), family: 6 };
  }
  return { address: address.toString(), family: 4 };
}
