import type { AnyProviderModule } from '../core/provider-module.js';
import { refreshTokens, type OAuthTokens } from '../oauth/oauth-client.js';
import type { OAuthConnectInput, OAuthConnectionSettings } from '../oauth/oauth-settings.js';
import { loopbackVet } from './loopback-vet.js';
import { memoryAccount } from './memory-account.js';
import { startOAuthTestProvider } from './oauth-test-provider.js';
import {
  closedImapPortCase,
  hostNotAllowedCase,
  type ProviderContractPeer,
} from './provider-contract.js';
import { startAll, stopAll, type Stoppable } from './start-all.js';
import { startDovecot } from './start-dovecot.js';
import { startSmtpServer } from './start-smtp-server.js';
import { appendMessage, countByMessageId, rawMessage } from './sync-test-support.js';
import { unusedPort } from './tcp-fixtures.js';

const REFUSED = 'nobody@contract.test';

/**
 * The peer of an XOAUTH2 kind (Gmail, Microsoft 365): the local OpenID provider playing Google or
 * Microsoft signs the account in; Dovecot checks each XOAUTH2 login at the provider's introspection
 * endpoint, and an smtp-server accepts XOAUTH2 the same way. Neither files a Sent copy (the real
 * servers do), so the contract checks that the module does not append one either.
 */
export function xoauth2ContractPeer(
  flavor: 'GOOGLE' | 'MICROSOFT',
  module: AnyProviderModule<'GMAIL' | 'MICROSOFT_365'>,
): ProviderContractPeer<OAuthConnectionSettings, OAuthConnectInput> {
  const domain = flavor === 'GOOGLE' ? 'gmail.test' : 'm365.test';
  const email = `jane@${domain}`;
  // A Gmail send-as address or a Microsoft 365 proxy address.
  const alias = `sales@${domain}`;
  // Signed in, then "remove app access": its tokens are refused everywhere, refreshing included.
  const revoked = `gone@${domain}`;
  // Dovecot's passwd-file login for the same mailbox, to deliver mail as another client would.
  const mailbox = { user: email, password: 'jane-append-Secret-4' };
  let closedPort = 0;
  let revokedTokens: OAuthTokens;
  /** New tokens from the provider's token endpoint, remembered as secrets. */
  let refresh: (tokens: OAuthTokens) => Promise<OAuthTokens>;

  return {
    async start() {
      const started: Stoppable[] = [];
      const op = await startOAuthTestProvider({
        flavor,
        accounts: [
          { email, ...(flavor === 'GOOGLE' ? { aliases: [alias] } : {}) },
          { email: revoked },
        ],
        redirectUris: ['http://127.0.0.1:9/oauth/callback'],
      });
      started.push(op);
      try {
        const { dovecot, smtp } = await startAll(
          {
            dovecot: startDovecot({
              users: [mailbox],
              oauth2: {
                introspectionUrl: op.introspectionHttpUrl,
                clientId: op.clientId,
                clientSecret: op.clientSecret,
                usernameAttribute: 'sub',
              },
            }),
            smtp: startSmtpServer({
              rejectRecipients: [REFUSED],
              oauth2: { verify: async (user, token) => (await op.introspect(token)).sub === user },
            }),
          },
          started,
        );
        closedPort = await unusedPort();
        const issued: string[] = [op.clientSecret, mailbox.password];
        const remember = (tokens: OAuthTokens) => (
          issued.push(tokens.accessToken, ...(tokens.refreshToken ? [tokens.refreshToken] : [])),
          tokens
        );
        refresh = async (current) =>
          remember(await refreshTokens(op.definition, op, current, op.http));
        const tokens = remember(await op.signIn(email));
        revokedTokens = remember(await op.signIn(revoked));
        await op.revokeAccount(revoked);

        const vet = loopbackVet(['localhost']);
        const ca = [dovecot.ca, smtp.ca];
        return {
          validInput: {
            email,
            oauthProvider: flavor,
            tokens,
            imap: { host: 'localhost', port: dovecot.imapsPort, security: 'SSL_TLS' },
            smtp: { host: 'localhost', port: smtp.submissionPort, security: 'STARTTLS' },
            aliases: [alias],
          },
          email,
          alias,
          verifyDeps: {
            vet,
            ca,
            approvedHosts: ['localhost'],
            testRecipient: `crm-log@bcc.contract.test`,
          },
          mailDeps: { vet, ca },
          host: 'localhost',
          storedAccount: (verified) => memoryAccount(module, verified, { email, refresh }),
          deliverToInbox: (m) => appendMessage(dovecot, mailbox, 'INBOX', rawMessage(m)),
          recipient: 'bob@contract.test',
          accepted: async (messageId) => smtp.find(messageId)?.envelope,
          sentCopies: (messageId) => countByMessageId(dovecot, mailbox, 'Sent', messageId),
          serverKeepsSentCopies: false,
          secrets: () => [...issued],
          stop: () => stopAll(started),
        };
      } catch (err) {
        await stopAll(started);
        throw err;
      }
    },
    verifyFailures: [
      closedImapPortCase(() => closedPort),
      hostNotAllowedCase(),
      // The only failed IMAP login, last. Refused right after sign-in: the module reads it as IMAP being off.
      {
        name: 'a token the IMAP server refuses',
        code: 'IMAP_DISABLED',
        input: (p) => ({ ...p.validInput, email: revoked, tokens: revokedTokens }),
      },
    ],
    sendFailures: [
      {
        name: 'tokens revoked since (refused, and the refresh refused too)',
        code: 'OAUTH_REAUTH_REQUIRED',
        account: (a) =>
          memoryAccount(
            module,
            { settings: a.settings, secrets: { oauth_tokens: JSON.stringify(revokedTokens) } },
            { email: a.email, refresh },
          ),
      },
      {
        name: 'a recipient the server refuses',
        code: 'RECIPIENT_REJECTED',
        message: () => ({ to: [{ address: REFUSED }] }),
      },
    ],
  };
}
