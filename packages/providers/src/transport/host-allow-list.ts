import ipaddr from 'ipaddr.js';
import { isHostname, toAsciiHostname } from '../core/hostname.js';
import { canonicalAddress, parseIpAddress } from './address-class.js';
import type { AllowPrivate } from './vet-address.js';

/**
 * The operator allow-list for private destinations (INLET_ALLOW_PRIVATE_HOSTS). Entries:
 * - `mail.corp.example`: exactly that host;
 * - `*.corp.example`: any host under corp.example (not corp.example itself);
 * - `10.0.0.5`, `fd00::5`, `[fd00::5]`: that address;
 * - `10.0.0.0/8`, `fd00::/8`: any address in that range (matched against the resolved address, so
 *   any host resolving there is allowed).
 * Matching is case-insensitive; names are compared in punycode. An invalid entry throws, so a typo
 * in the configuration fails at start-up instead of silently allowing nothing.
 * The result still never unblocks always-blocked ranges (link-local, metadata, ...): resolveAndVet
 * does not ask for those.
 */
export function createHostAllowList(entries: readonly string[]): AllowPrivate {
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];

  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`Allow-list entry "${raw}" is not a valid CIDR range.`);
      const [base, bits] = ipaddr.parseCIDR(entry);
      ranges.push(normaliseRange(base, bits));
      continue;
    }
    const ip = parseIpAddress(entry);
    if (ip) {
      const canonical = ipaddr.parse(canonicalAddress(ip).address);
      ranges.push([canonical, canonical.kind() === 'ipv4' ? 32 : 128]);
      continue;
    }
    const wildcard = entry.startsWith('*.');
    const ascii = toAsciiHostname(wildcard ? entry.slice(2) : entry);
    if (!ascii || !isHostname(ascii)) throw new Error(`Allow-list entry "${raw}" is not a host name, *.domain, IP address or CIDR range.`);
    if (wildcard) suffixes.push(`.${ascii}`);
    else hosts.add(ascii);
  }

  return (host, address) => {
    const name = toAsciiHostname(host.replace(/^\[(.*)\]$/, '$1'));
    if (name && (hosts.has(name) || suffixes.some((s) => name.endsWith(s)))) return true;
    return [address, host].some((candidate) => {
      const ip = candidate === undefined ? undefined : parseIpAddress(candidate);
      if (!ip) return false;
      const canonical = ipaddr.parse(canonicalAddress(ip).address);
      return ranges.some(([base, bits]) => base.kind() === canonical.kind() && canonical.match(base, bits));
    });
  };
}

// An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) is stored as the IPv4 range it denotes.
function normaliseRange(base: ipaddr.IPv4 | ipaddr.IPv6, bits: number): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (base.kind() === 'ipv6' && (base as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(base as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [base, bits];
}
