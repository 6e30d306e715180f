import { loopbackImapInput } from '../testing/loopback-imap-input.js';
import { loopbackPeerDeps } from '../testing/loopback-vet.js';
import { memoryAccount, withSecret } from '../testing/memory-account.js';
import {
  closedImapPortCase,
  hostNotAllowedCase,
  runProviderContractTests,
  type ProviderContractPeer,
  wrongPasswordCase,
} from '../testing/provider-contract.js';
import { startAll, stopAll, type Stoppable } from '../testing/start-all.js';
import { startDovecot } from '../testing/start-dovecot.js';
import { startSmtpServer } from '../testing/start-smtp-server.js';
import { appendMessage, countByMessageId, rawMessage } from '../testing/sync-test-support.js';
import { unusedPort } from '../testing/tcp-fixtures.js';
import { imapProvider } from './imap-provider.js';
import type { ImapConnectInput, ImapSettings } from './imap-settings.js';

const jane = { user: 'jane@example.test', password: 'jane-imap-Secret-1' };
// Outgoing mail uses its own credentials, so both secrets are exercised.
const janeSmtp = { user: 'jane@example.test', password: 'jane-smtp-Secret-2' };
const WRONG_PASSWORD = 'not-janes-Secret-3';
const REFUSED = 'nobody@contract.test';

const module = imapProvider({ timing: { autoIdleDelayMs: 100, debounceMs: 50 } });
let closedPort = 0;

/** Dovecot (IMAP) and an smtp-server submission server (SMTP), both on loopback with the test CA. */
const peer: ProviderContractPeer<ImapSettings, ImapConnectInput> = {
  async start() {
    const started: Stoppable[] = [];
    const { dovecot, smtp } = await startAll(
      {
        dovecot: startDovecot({ users: [jane] }),
        smtp: startSmtpServer({ users: [janeSmtp], rejectRecipients: [REFUSED] }),
      },
      started,
    );
    closedPort = await unusedPort();
    return {
      validInput: loopbackImapInput({ dovecot, smtp }, jane, janeSmtp),
      email: jane.user,
      ...loopbackPeerDeps([dovecot.ca, smtp.ca]),
      storedAccount: (verified) => memoryAccount(module, verified, { email: jane.user }),
      deliverToInbox: (m) => appendMessage(dovecot, jane, 'INBOX', rawMessage(m)),
      recipient: 'bob@contract.test',
      accepted: async (messageId) => smtp.find(messageId)?.envelope,
      sentCopies: (messageId) => countByMessageId(dovecot, jane, 'Sent', messageId),
      serverKeepsSentCopies: false,
      secrets: () => [jane.password, janeSmtp.password, WRONG_PASSWORD],
      stop: () => stopAll(started),
    };
  },
  verifyFailures: [
    closedImapPortCase(() => closedPort),
    hostNotAllowedCase(),
    {
      name: 'a wrong SMTP password',
      code: 'SMTP_AUTHENTICATION_FAILED',
      input: (p) => ({ ...p.validInput, smtpPassword: WRONG_PASSWORD }),
    },
    {
      name: 'a logging address the server refuses',
      code: 'TEST_EMAIL_FAILED',
      input: (p) => p.validInput,
      deps: () => ({ testRecipient: REFUSED }),
    },
    // The only failed IMAP login, last.
    wrongPasswordCase(WRONG_PASSWORD),
  ],
  sendFailures: [
    {
      name: 'an SMTP password changed since',
      code: 'SMTP_AUTHENTICATION_FAILED',
      account: (a) => withSecret(a, 'smtp_password', WRONG_PASSWORD),
    },
    {
      name: 'a recipient the server refuses',
      code: 'RECIPIENT_REJECTED',
      message: () => ({ to: [{ address: REFUSED }] }),
    },
  ],
};

runProviderContractTests({ module, peer });
