import {
  startEwsTestServer,
  TEST_EXCHANGE_ACCOUNT,
  type EwsTestServer,
  type EwsTestServerOptions,
} from '@inlet/providers/testing';
import { connectExchangeMailbox } from './connections.js';
import type { Engine } from './databases.js';
import { CreateDomainSettings } from './documents.js';
import { startTestGateway, type TestGateway } from './gateway.js';
import { caFile } from './mail-servers.js';

/** The test Exchange account on an EWS test server, and a gateway that trusts it. */
export interface ExchangeMailbox {
  ews: EwsTestServer;
  gw: TestGateway;
  /** The super admin's session. */
  cookie: string;
  /** Connects TEST_EXCHANGE_ACCOUNT as the super admin; the connection id. */
  connect(): Promise<string>;
  /** Closes the gateway and stops the server (stop the workers a test started first). */
  stop(): Promise<void>;
}

/**
 * Starts an EWS test server (`options`: profile, items, rules), a gateway on `engine` that trusts its
 * certificate (no ISPDB look-ups), signs in as the super admin and saves domain settings that point
 * corp.example at the server's EWS URL.
 */
export async function startExchangeMailbox(
  engine: Engine,
  options: EwsTestServerOptions = {},
): Promise<ExchangeMailbox> {
  const ews = await startEwsTestServer(options);
  const gw = await startTestGateway(engine, {
    env: { INLET_EXTRA_CA_FILE: caFile(ews.ca), INLET_ISPDB_URL: 'off' },
  });
  const cookie = await gw.signIn();
  await gw.execute(
    CreateDomainSettings,
    { input: { domain: 'corp.example', exchange: { exchangeUrl: ews.ewsUrl('localhost') } } },
    { cookie },
  );
  const { upn, password } = TEST_EXCHANGE_ACCOUNT;
  return {
    ews,
    gw,
    cookie,
    connect: () => connectExchangeMailbox(gw, cookie, { email: upn, password }),
    async stop() {
      await gw.close();
      await ews.stop();
    },
  };
}
