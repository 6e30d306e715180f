/** Shared by the EWS sync tests: loopback Exchange servers, one host name each, and sessions against them. Not exported by the package. */
import { afterAll, beforeAll, expect } from 'vitest';
import type { SyncStore } from '../../core/sync-store.js';
import { EwsSyncSession, type EwsSyncSessionOptions } from '../../exchange/ews-sync-session.js';
import { stopAll, type Stoppable } from '../start-all.js';
import { createEwsTestCertificate, type EwsTestCertificate } from './ews-test-certificate.js';
import {
  startEwsTestServer,
  TEST_EXCHANGE_ACCOUNT,
  type EwsTestServer,
  type EwsTestServerOptions,
} from './ews-test-server.js';
import { ExchangeTestNetwork } from './exchange-test-network.js';

export interface EwsSyncFixture {
  /** A server on the next host name, with an "Invoices" folder an inbox rule files mail into; `options` add the items. */
  mailbox(options?: EwsTestServerOptions): Promise<{ server: EwsTestServer; host: string }>;
  /** A session for Jane's mailbox on `host`, stopped after the file's tests. */
  session(host: string, store: SyncStore, options?: Partial<EwsSyncSessionOptions>): EwsSyncSession;
}

/** Registers the file's beforeAll and afterAll: a test certificate for `hosts`, the test network, and stopping all it started. */
export function ewsSyncFixture(hosts: readonly string[]): EwsSyncFixture {
  let certificate: EwsTestCertificate;
  let net: ExchangeTestNetwork;
  const started: Stoppable[] = [];
  let nextHost = 0;

  beforeAll(async () => {
    certificate = await createEwsTestCertificate(hosts);
    net = await ExchangeTestNetwork.create();
  }, 30_000);
  afterAll(() => stopAll(started), 30_000);

  return {
    async mailbox(options = {}) {
      const host = hosts[nextHost++]!;
      const server = await startEwsTestServer({
        certificate,
        folders: [{ id: 'AAMkFolderInvoices', displayName: 'Invoices' }],
        inboxRules: [
          { id: 'r1', displayName: 'File invoices', moveToFolder: 'AAMkFolderInvoices' },
        ],
        ...options,
      });
      started.push(server);
      net.add(server, [host]);
      return { server, host };
    },
    session(host, store, options = {}) {
      const { vet, ca, defaultPort } = net.deps();
      const s = new EwsSyncSession({
        ews: {
          url: `https://${host}/EWS/Exchange.asmx`,
          scheme: 'basic',
          username: TEST_EXCHANGE_ACCOUNT.upn,
          password: TEST_EXCHANGE_ACCOUNT.password,
        },
        mailbox: 'jane@corp.example',
        http: { vet, ca, defaultPort },
        store,
        ...options,
      });
      started.push({ stop: () => s.stop() });
      return s;
    },
  };
}

/** Waits for `check` to hold, then asserts it (a failure shows where the wait ran out). */
export async function until(check: () => boolean, ms = 8_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
}
