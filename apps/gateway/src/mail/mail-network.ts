import { readFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { rootCertificates } from 'node:tls';
import { DEFAULT_ISPDB_BASE_URL, type MailDnsResolver } from '@inlet/providers/detection';
import {
  createHostAllowList,
  createHttpsFetcher,
  createResolverLookup,
  resolveAndVet,
  systemLookup,
  type AllowPrivate,
  type FetchText,
  type LookupFn,
  type VettedAddress,
} from '@inlet/providers/transport';
import type { GatewayConfig } from '../env.js';
import type { AdminHost } from './domain-hosts.js';

/** Everything outbound mail traffic needs, built once from the configuration. */
export interface MailNetwork {
  /** The operator allow-list (private hosts the deployment may reach). */
  operatorAllows: AllowPrivate;
  lookup: LookupFn;
  resolver: MailDnsResolver;
  fetchText: FetchText;
  ispdbBaseUrl: string | null;
  /** Trusted CAs for mail servers: Node's bundle plus INLET_EXTRA_CA_FILE, or undefined for Node's default. */
  ca: string[] | undefined;
  bccLoggingAddress: string | undefined;
  /** The SSRF guard for a connection to host:port, with servers from admin domain settings allowed too (on their ports). */
  vet(host: string, port: number, adminHosts: readonly AdminHost[]): Promise<VettedAddress>;
}

export function createMailNetwork(config: GatewayConfig['mailNetwork']): MailNetwork {
  const operatorAllows = createHostAllowList(config.allowPrivateHosts);
  const resolver = new Resolver({ timeout: 4000, tries: 2 });
  if (config.dnsServers.length > 0) resolver.setServers(config.dnsServers);
  const lookup = config.dnsServers.length > 0 ? createResolverLookup(resolver) : systemLookup;
  const ca = config.extraCaFile
    ? [...rootCertificates, readFileSync(config.extraCaFile, 'utf8')]
    : undefined;
  return {
    operatorAllows,
    lookup,
    resolver,
    ca,
    fetchText: createHttpsFetcher({ allowPrivate: operatorAllows, lookup, ...(ca ? { ca } : {}) }),
    ispdbBaseUrl: config.ispdbUrl === undefined ? DEFAULT_ISPDB_BASE_URL : config.ispdbUrl,
    bccLoggingAddress: config.bccLoggingAddress,
    vet: (host, port, adminHosts) =>
      resolveAndVet(host, {
        port,
        lookup,
        allowPrivate: (name, address, to) =>
          adminHosts.some((h) => h.host === name.toLowerCase() && h.port === to) ||
          operatorAllows(name, address, to),
      }),
  };
}
