import { composeMessage } from '../core/compose-message.js';
import type { ProviderError } from '../core/provider-error.js';
import type { ProviderModule } from '../core/provider-module.js';
import type { ProviderKind } from '../core/provider-kind.js';
import { IMAP_FIELDS, StepRunner } from '../core/steps.js';
import { classifyImapError } from '../imap/classify-imap-error.js';
import {
  guardsPerAccount,
  openImapSession,
  type AdaptedImapSession,
  type ImapSessionTuning,
} from '../imap/imap-session-adapter.js';
import { sendMessage } from '../imap/send-message.js';
import { reauthOnRefusal, withAccessToken } from './access-token.js';
import { findOAuthMailboxFolders } from './oauth-imap.js';
import {
  oauthSettingsSchema,
  type OAuthConnectInput,
  type OAuthConnectionSettings,
} from './oauth-settings.js';

const OAUTH_STEPS = ['vet', 'folders'] as const;

/**
 * The shared module of the OAuth kinds (Gmail, Microsoft 365): IMAP and SMTP with XOAUTH2, the access
 * token refreshed under the refresh-once rule; the server keeps the Sent copy itself.
 */
export function xoauth2Provider<Kind extends Extract<ProviderKind, 'GMAIL' | 'MICROSOFT_365'>>(
  kind: Kind,
  displayName: string,
  tuning: ImapSessionTuning = {},
): ProviderModule<OAuthConnectionSettings, OAuthConnectInput, Kind> {
  const guardFor = guardsPerAccount(tuning.uidValidity);
  return {
    kind,
    displayName,
    capabilities: {
      auth: 'OAUTH',
      steps: OAUTH_STEPS,
      push: 'IMAP_IDLE',
      serverSavesSentCopy: true,
      sendAsAliases: true,
    },
    settingsSchema: oauthSettingsSchema,
    secretNames: ['oauth_tokens'],
    hostOf: (settings) => settings.imap.host,

    /** Proves the fresh token opens the mailbox over IMAP and finds INBOX and Sent. */
    async verify(input, deps, onStep) {
      const runner = new StepRunner({
        onStep,
        steps: OAUTH_STEPS,
        fields: IMAP_FIELDS,
        classify: (err, step) =>
          classifyImapError(err, { step, host: input.imap.host, security: input.imap.security }),
      });
      try {
        const vetted = await runner.run(
          'vet',
          () => deps.vet(input.imap.host, input.imap.port),
          (v) => v.address,
        );
        // Signing in and listing are one step here: its errors name it, as the report does.
        const folders = await runner.run(
          'folders',
          (_signal, budgetMs) =>
            findOAuthMailboxFolders({
              ...input.imap,
              address: vetted.address,
              username: input.email,
              accessToken: input.tokens.accessToken,
              timeoutMs: budgetMs,
              step: 'folders',
              ...(deps.ca ? { ca: deps.ca } : {}),
            }),
          (f) => `Inbox ${f.inbox}${f.sent ? `, Sent ${f.sent}` : ''}`,
        );
        return {
          ok: true,
          value: {
            settings: {
              oauthProvider: input.oauthProvider,
              username: input.email,
              imap: input.imap,
              smtp: input.smtp,
              inboxPath: folders.inbox,
              sentFolder: folders.sent,
              aliases: input.aliases,
            },
            secrets: { oauth_tokens: JSON.stringify(input.tokens) },
          },
        };
      } catch (err) {
        // The step runner throws nothing but classified ProviderErrors.
        return { ok: false, error: err as ProviderError };
      } finally {
        runner.finish();
      }
    },

    async openSession(account, deps, options) {
      const { settings } = account;
      let current: AdaptedImapSession | undefined;
      let started = false;
      let stopping = false;
      const login = {
        ...settings.imap,
        username: settings.username,
        folders: { inbox: settings.inboxPath, sent: settings.sentFolder },
      };
      return {
        get connectionsInUse() {
          return current?.connectionsInUse ?? 0;
        },
        async start() {
          await withAccessToken(
            account,
            async (accessToken) => {
              if (stopping) return;
              // Failures while starting go to this caller (one refresh and retry); afterwards to the runner.
              current = await openImapSession({ ...login, accessToken }, deps, options, {
                ...tuning,
                guards: guardFor(account.id),
                reportFailures: () => started,
                mapError: reauthOnRefusal,
              });
              await current.start();
            },
            ['AUTHENTICATION_FAILED'],
          );
          started = true;
        },
        checkNow: () => current?.checkNow(),
        stop: async () => {
          stopping = true;
          await current?.stop();
        },
      };
    },

    async send(account, message, deps, held) {
      const { settings } = account;
      const composed = await composeMessage(message);
      const sent = await withAccessToken(
        account,
        (accessToken) =>
          sendMessage(
            { ...settings.smtp, username: settings.username, password: '', accessToken },
            composed,
            deps,
            held,
          ),
        ['SMTP_AUTHENTICATION_FAILED'],
      );
      // Gmail and Microsoft 365 keep the copy in Sent themselves.
      return { messageId: composed.messageId, refused: sent.refused };
    },
  };
}
