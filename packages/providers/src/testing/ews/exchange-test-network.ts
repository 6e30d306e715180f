import { resolveAndVet, type LookupFn } from '../../transport/vet-address.js';
import type { VetHost } from '../../core/steps.js';
import { unusedPort } from '../tcp-fixtures.js';
import type { EwsTestServer } from './ews-test-server.js';

type SrvRecord = { name: string; port: number; priority: number; weight: number };

/** The deps an Exchange check needs to reach the test servers (a subset of ExchangeVerifyDeps). */
export interface ExchangeTestDeps {
  vet: VetHost;
  ca: string[];
  defaultPort: (host: string, protocol: 'https:' | 'http:') => number | undefined;
  resolver: { resolveSrv(name: string): Promise<SrvRecord[]> };
  requestTimeoutMs: number;
}

/**
 * A pretend network for Exchange tests: named hosts (mail.corp.example, autodiscover.corp.example,
 * outlook.office365.com...) resolve to 127.0.0.1 and reach the test server registered for them,
 * through the real SSRF guard (resolveAndVet) with loopback allowed only for those names. Any
 * other name does not resolve; a name without a server for a protocol gets a closed port, so
 * nothing on the machine's real ports 443/80 is ever reached.
 */
export class ExchangeTestNetwork {
  private readonly https = new Map<string, number>();
  private readonly http = new Map<string, number>();
  private readonly srv = new Map<string, SrvRecord[]>();
  private readonly cas = new Set<string>();

  private constructor(private readonly closedPort: number) {}

  static async create(): Promise<ExchangeTestNetwork> {
    return new ExchangeTestNetwork(await unusedPort());
  }

  /** Routes these names to the server (its https port, and its http port when it has one). */
  add(server: EwsTestServer, hostnames: readonly string[]): this {
    for (const name of hostnames) {
      this.https.set(name.toLowerCase(), server.port);
      if (server.httpPort !== undefined) this.http.set(name.toLowerCase(), server.httpPort);
    }
    this.cas.add(server.ca);
    return this;
  }

  /** Publishes SRV records (e.g. _autodiscover._tcp.corp.example). */
  addSrv(name: string, records: SrvRecord[]): this {
    this.srv.set(name.toLowerCase(), records);
    return this;
  }

  readonly lookup: LookupFn = async (hostname) => {
    if (this.https.has(hostname.toLowerCase()) || this.http.has(hostname.toLowerCase()))
      return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };

  deps(): ExchangeTestDeps {
    const known = (host: string) => this.https.has(host) || this.http.has(host);
    return {
      // The real guard: loopback is allowed explicitly, and only for the test's own names.
      vet: (host, port) =>
        resolveAndVet(host, {
          port,
          allowPrivate: (name, address) => address === '127.0.0.1' && known(name),
          lookup: this.lookup,
        }),
      ca: [...this.cas],
      defaultPort: (host, protocol) =>
        (protocol === 'https:' ? this.https : this.http).get(host.toLowerCase()) ?? this.closedPort,
      resolver: {
        resolveSrv: async (name) => {
          const records = this.srv.get(name.toLowerCase());
          if (records) return records;
          throw Object.assign(new Error(`querySrv ENODATA ${name}`), { code: 'ENODATA' });
        },
      },
      requestTimeoutMs: 5_000,
    };
  }
}
