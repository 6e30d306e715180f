import { startEwsTestServer, TEST_EXCHANGE_ACCOUNT } from '../testing/ews/ews-test-server.js';
import { loopbackPeerDeps } from '../testing/loopback-vet.js';
import { memoryAccount, withSecret } from '../testing/memory-account.js';
import {
  hostNotAllowedCase,
  runProviderContractTests,
  type ProviderContractPeer,
  wrongPasswordCase,
} from '../testing/provider-contract.js';
import { unusedPort } from '../testing/tcp-fixtures.js';
import { exchangeProvider } from './exchange-provider.js';
import type { ExchangeConnectInput, ExchangeSettings } from './exchange-settings.js';

const jane = TEST_EXCHANGE_ACCOUNT; // CORP\jane, jane@corp.example
const WRONG_PASSWORD = 'not-janes-Secret-3';

const module = exchangeProvider({
  timing: { notificationDebounceMs: 50, resubscribeDelayMs: 50, requestTimeoutMs: 10_000 },
});
let closedPort = 0;

/** The EWS test server (an Exchange 2016 CAS on loopback: Basic over TLS, streaming notifications, SendAndSaveCopy). */
const peer: ProviderContractPeer<ExchangeSettings, ExchangeConnectInput> = {
  async start() {
    const server = await startEwsTestServer();
    closedPort = await unusedPort();
    const email = jane.smtpAddress!;
    return {
      validInput: { email, password: jane.password, exchangeUrl: server.ewsUrl('localhost') },
      email,
      ...loopbackPeerDeps([server.ca]),
      storedAccount: (verified) => memoryAccount(module, verified, { email }),
      deliverToInbox: async (m) => {
        server.addItem('inbox', {
          subject: m.subject,
          internetMessageId: m.messageId,
          from: { address: m.from },
          to: [{ address: m.to }],
        });
      },
      recipient: 'bob@contract.test',
      accepted: async (messageId) => {
        const sent = server.sentMessages.find((s) => s.internetMessageId === messageId);
        return sent && { from: sent.from ?? '', to: [...sent.to, ...sent.cc, ...sent.bcc] };
      },
      sentCopies: async (messageId) =>
        server.items('sentitems').filter((i) => i.internetMessageId === messageId).length,
      serverKeepsSentCopies: true,
      secrets: () => [jane.password, WRONG_PASSWORD],
      stop: () => server.stop(),
    };
  },
  verifyFailures: [
    {
      name: 'an Outlook on the web URL',
      code: 'EXCHANGE_URL_INVALID',
      input: (p) => ({
        ...p.validInput,
        exchangeUrl: p.validInput.exchangeUrl!.replace(/\/EWS\/Exchange\.asmx$/, '/owa/'),
      }),
    },
    {
      name: 'a port nothing listens on',
      code: 'EXCHANGE_CONNECTION_FAILED',
      input: (p) => ({
        ...p.validInput,
        exchangeUrl: `https://localhost:${closedPort}/EWS/Exchange.asmx`,
      }),
    },
    hostNotAllowedCase(),
    wrongPasswordCase(WRONG_PASSWORD),
  ],
  sendFailures: [
    {
      name: 'a password changed since',
      code: 'AUTHENTICATION_FAILED',
      account: (a) => withSecret(a, 'password', WRONG_PASSWORD),
    },
    {
      name: 'a From address without Send As permission',
      code: 'SMTP_REJECTED',
      message: () => ({ from: { address: 'boss@corp.example' } }),
    },
  ],
};

runProviderContractTests({ module, peer });
