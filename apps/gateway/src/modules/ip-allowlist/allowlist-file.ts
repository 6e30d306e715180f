import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';

export type EgressProtocol = 'SMTP' | 'IMAP' | 'HTTPS';
const protocols: readonly EgressProtocol[] = ['SMTP', 'IMAP', 'HTTPS'];

export interface EgressEntry {
  value: string;
  ipVersion: 4 | 6;
  isRange: boolean;
  /** Decimal string: an IPv6 range can cover more than 2^64 addresses. */
  addressCount: string;
}

export interface EgressDataCenter {
  id: string;
  name: string;
  groups: { protocol: EgressProtocol; entries: EgressEntry[] }[];
}

export interface IpAllowlist {
  dataCenters: EgressDataCenter[];
  allEntries: string[];
}

export const emptyAllowlist: IpAllowlist = { dataCenters: [], allEntries: [] };

export class AllowlistFileError extends Error {
  constructor(file: string, line: number, problem: string) {
    super(`${file} line ${line}: ${problem}`);
    this.name = 'AllowlistFileError';
  }
}

/** Parses one address or CIDR range strictly: dotted-quad IPv4 only, no host bits set in a range. */
export function parseEgressEntry(text: string): EgressEntry | string {
  const [address, prefixText, ...rest] = text.split('/');
  if (!address || rest.length > 0) return `"${text}" is not an IP address or CIDR range`;
  const version = ipaddr.IPv4.isValidFourPartDecimal(address)
    ? 4
    : ipaddr.IPv6.isValid(address)
      ? 6
      : undefined;
  if (!version) return `"${address}" is not an IPv4 or IPv6 address`;
  const bits = version === 4 ? 32 : 128;
  if (prefixText === undefined) {
    return {
      value: ipaddr.parse(address).toString(),
      ipVersion: version,
      isRange: false,
      addressCount: '1',
    };
  }
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    return `"/${prefixText}" is not a valid prefix length for IPv${version} (0-${bits})`;
  }
  const prefix = Number(prefixText);
  const parsed = ipaddr.parse(address);
  const network = ipaddr.parseCIDR(`${address}/${prefix}`);
  const base =
    version === 4
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`)
      : networkOfIPv6(network);
  if (base.toString() !== parsed.toString()) {
    return `"${text}" has host bits set; did you mean ${base.toString()}/${prefix}?`;
  }
  return {
    value: `${base.toString()}/${prefix}`,
    ipVersion: version,
    isRange: true,
    addressCount: (1n << BigInt(bits - prefix)).toString(),
  };
}

function networkOfIPv6([addr, prefix]: [ipaddr.IPv4 | ipaddr.IPv6, number]): ipaddr.IPv6 {
  const bytes = addr.toByteArray();
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    bytes[i]! &= (0xff << (8 - keep)) & 0xff;
  }
  return ipaddr.fromByteArray(bytes) as ipaddr.IPv6;
}

/**
 * The operator's egress allowlist. Format, one item per line:
 *
 *   # comment
 *   [eu-central] Europe (Frankfurt)     <- a data center: [id] display name
 *   smtp  203.0.113.10                  <- protocol (smtp | imap | https) and an address or CIDR range
 *   https 2001:db8:10::/48
 */
export function parseAllowlist(text: string, file = 'ip-allowlist'): IpAllowlist {
  const dataCenters: EgressDataCenter[] = [];
  const seenIds = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    const lineNo = index + 1;
    if (line === '') return;
    const header = line.match(/^\[([a-z0-9][a-z0-9._-]*)\]\s*(.*)$/i);
    if (header) {
      const id = header[1]!;
      if (seenIds.has(id))
        throw new AllowlistFileError(file, lineNo, `data center [${id}] is declared twice`);
      seenIds.add(id);
      dataCenters.push({ id, name: header[2] || id, groups: [] });
      return;
    }
    if (line.startsWith('['))
      throw new AllowlistFileError(
        file,
        lineNo,
        `"${line}" is not a data center header; write [id] Name, id made of letters, digits, . _ -`,
      );
    const [protocolText = '', value, ...extra] = line.split(/\s+/);
    const protocol = protocolText.toUpperCase() as EgressProtocol;
    if (!protocols.includes(protocol)) {
      throw new AllowlistFileError(
        file,
        lineNo,
        `"${protocolText}" is not a protocol; use smtp, imap or https`,
      );
    }
    if (!value || extra.length > 0)
      throw new AllowlistFileError(
        file,
        lineNo,
        'write one protocol and one address or CIDR range per line',
      );
    const dataCenter = dataCenters.at(-1);
    if (!dataCenter)
      throw new AllowlistFileError(
        file,
        lineNo,
        'addresses must follow a data center header such as [eu-central] Europe',
      );
    const entry = parseEgressEntry(value);
    if (typeof entry === 'string') throw new AllowlistFileError(file, lineNo, entry);
    let group = dataCenter.groups.find((g) => g.protocol === protocol);
    if (!group) dataCenter.groups.push((group = { protocol, entries: [] }));
    if (!group.entries.some((e) => e.value === entry.value)) group.entries.push(entry);
  });
  for (const dc of dataCenters)
    dc.groups.sort((a, b) => protocols.indexOf(a.protocol) - protocols.indexOf(b.protocol));
  const allEntries = [
    ...new Set(
      dataCenters.flatMap((dc) => dc.groups.flatMap((g) => g.entries.map((e) => e.value))),
    ),
  ];
  return { dataCenters, allEntries };
}

export function loadAllowlistFile(file: string | undefined): IpAllowlist {
  if (!file) return emptyAllowlist;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(
      `Cannot read the IP allowlist file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  return parseAllowlist(text, file);
}
