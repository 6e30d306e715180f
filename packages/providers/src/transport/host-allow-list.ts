import ipaddr from 'ipaddr.js';
import { isHostname, toAsciiHostname } from '../core/hostname.js';
import { canonicalAddress, parseIpAddress } from './address-class.js';
import type { AllowPrivate } from './vet-address.js';

/**
 * Ports an allow-list entry without a port of its own opens: IMAP (143, 993), SMTP submission (465, 587)
 * and HTTPS (443: EWS, autodiscover, autoconfig, OAuth). Port 25 and anything else must be named.
 */
export const DEFAULT_PRIVATE_PORTS: readonly number[] = [143, 993, 465, 587, 443];

type Ports = ReadonlySet<number> | 'any';

interface Entry {
  matches(name: string | undefined, addresses: readonly (ipaddr.IPv4 | ipaddr.IPv6)[]): boolean;
  ports: Ports;
}

/**
 * The operator allow-list for private destinations (INLET_ALLOW_PRIVATE_HOSTS). Each entry is a target
 * and, optionally, the port it may be reached on:
 * - `mail.corp.example`: exactly that host;
 * - `*.corp.example`: any host under corp.example (not corp.example itself);
 * - `10.0.0.5`, `fd00::5`, `[fd00::5]`: that address;
 * - `10.0.0.0/8`, `fd00::/8`, `[fd00::/8]`: any address in that range (matched against the resolved
 *   address, so any host resolving there is allowed);
 * - then `:993` for that port only, or `:*` for any port; IPv6 targets take a port only in brackets
 *   (`[fd00::5]:993`). Without a port an entry opens DEFAULT_PRIVATE_PORTS, so an allowed host cannot be
 *   port-scanned through connection checks. Name a target once per extra port (`relay.corp:25`).
 * Matching is case-insensitive; names are compared in punycode. An invalid entry throws, so a typo
 * in the configuration fails at start-up instead of silently allowing nothing.
 * The result still never unblocks always-blocked ranges (link-local, metadata, ...): resolveAndVet
 * does not ask for those.
 */
export function createHostAllowList(entries: readonly string[]): AllowPrivate {
  const parsed = entries
    .map((raw) => raw.trim())
    .filter((entry) => entry !== '')
    .map((entry) => parseEntry(entry));

  return (host, address, port) => {
    const name = toAsciiHostname(host.replace(/^\[(.*)\]$/, '$1'));
    const addresses = [address, host].flatMap((candidate) => {
      const ip = parseIpAddress(candidate);
      return ip ? [ipaddr.parse(canonicalAddress(ip).address)] : [];
    });
    return parsed.some(
      (entry) => entry.matches(name, addresses) && (entry.ports === 'any' || entry.ports.has(port)),
    );
  };
}

function parseEntry(raw: string): Entry {
  const { target, ports } = splitPort(raw);
  if (target.includes('/')) {
    if (!ipaddr.isValidCIDR(target))
      throw new Error(`Allow-list entry "${raw}" is not a valid CIDR range.`);
    const [base, bits] = normaliseRange(...ipaddr.parseCIDR(target));
    return {
      ports,
      matches: (_name, addresses) =>
        addresses.some((ip) => ip.kind() === base.kind() && ip.match(base, bits)),
    };
  }
  const ip = parseIpAddress(target);
  if (ip) {
    const canonical = ipaddr.parse(canonicalAddress(ip).address);
    const bits = canonical.kind() === 'ipv4' ? 32 : 128;
    return {
      ports,
      matches: (_name, addresses) =>
        addresses.some((a) => a.kind() === canonical.kind() && a.match(canonical, bits)),
    };
  }
  const wildcard = target.startsWith('*.');
  const ascii = toAsciiHostname(wildcard ? target.slice(2) : target);
  if (!ascii || !isHostname(ascii))
    throw new Error(
      `Allow-list entry "${raw}" is not a host name, *.domain, IP address or CIDR range, with an optional :port.`,
    );
  const suffix = `.${ascii}`;
  return {
    ports,
    matches: (name) => name !== undefined && (wildcard ? name.endsWith(suffix) : name === ascii),
  };
}

/** `target[:port]`; a bare IPv6 target (more than one colon) has no port, a bracketed one may. */
function splitPort(raw: string): { target: string; ports: Ports } {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(raw);
  if (bracketed) {
    if (!bracketed[1]!.includes(':'))
      throw new Error(`Allow-list entry "${raw}": brackets are for IPv6 addresses only.`);
    return { target: bracketed[1]!, ports: parsePorts(raw, bracketed[2]) };
  }
  const colons = raw.split(':').length - 1;
  if (colons !== 1) return { target: raw, ports: parsePorts(raw, undefined) };
  const at = raw.indexOf(':');
  return { target: raw.slice(0, at), ports: parsePorts(raw, raw.slice(at + 1)) };
}

function parsePorts(raw: string, port: string | undefined): Ports {
  if (port === undefined) return new Set(DEFAULT_PRIVATE_PORTS);
  if (port === '*') return 'any';
  const n = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (!(n >= 1 && n <= 65535))
    throw new Error(
      `Allow-list entry "${raw}" has an invalid port: use 1 to 65535, or * for any port.`,
    );
  return new Set([n]);
}

// An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) is stored as the IPv4 range it denotes.
function normaliseRange(
  base: ipaddr.IPv4 | ipaddr.IPv6,
  bits: number,
): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (base.kind() === 'ipv6' && (base as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(base as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [base, bits];
}
