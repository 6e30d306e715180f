import { ProviderError } from '../core/provider-error.js';
import type { MailDeps, ProviderModule, StoredAccount } from '../core/provider-module.js';
import { reportSession } from '../core/sync-session.js';
import type { EwsSettings } from './ews-client.js';
import { createEwsClient } from './ews-client.js';
import { classifyExchangeError } from './ews-errors.js';
import type { EwsHttpDeps } from './ews-http.js';
import { sendEwsMessage } from './ews-operations.js';
import { EwsSyncSession, type EwsSyncTiming } from './ews-sync-session.js';
import {
  exchangeSettingsSchema,
  type ExchangeConnectInput,
  type ExchangeSettings,
} from './exchange-settings.js';
import { describeVersion } from './server-version.js';
import { EXCHANGE_STEPS, verifyExchangeAccount } from './verify-exchange-account.js';

/** A send may wait on a slow Exchange this long before it is retried later. */
const SEND_TIMEOUT_MS = 2 * 60_000;

async function ewsLogin(
  account: StoredAccount<ExchangeSettings>,
  deps: MailDeps,
): Promise<{ ews: EwsSettings; http: EwsHttpDeps }> {
  const password = await account.secret('password');
  if (password === undefined)
    throw new ProviderError('AUTHENTICATION_FAILED', {
      step: 'login',
      detail: 'No password is stored for this connection.',
    });
  const { settings } = account;
  return {
    ews: {
      url: settings.ewsUrl,
      scheme: settings.authScheme,
      username: settings.username,
      password,
    },
    http: { vet: deps.vet, ...(deps.ca ? { ca: deps.ca } : {}) },
  };
}

/**
 * On-premises Exchange (2010 SP2 and later) through EWS with a password: the URL found from the form,
 * the domain settings or autodiscover; synced with streaming notifications (SyncFolderItems to catch
 * up); sent with CreateItem SendAndSaveCopy, so Exchange keeps the Sent Items copy itself.
 */
export function exchangeProvider(
  tuning: { timing?: EwsSyncTiming } = {},
): ProviderModule<ExchangeSettings, ExchangeConnectInput, 'EXCHANGE'> {
  return {
    kind: 'EXCHANGE',
    displayName: 'Exchange',
    capabilities: {
      auth: 'PASSWORD',
      steps: EXCHANGE_STEPS,
      push: 'EWS_STREAMING',
      serverSavesSentCopy: true,
      sendAsAliases: false,
    },
    settingsSchema: exchangeSettingsSchema,
    secretNames: ['password'],
    hostOf: (settings) => new URL(settings.ewsUrl).hostname.toLowerCase(),

    async verify(input, deps, onStep) {
      const result = await verifyExchangeAccount(
        {
          email: input.email,
          password: input.password,
          ...(input.username ? { username: input.username } : {}),
          ...(input.exchangeUrl ? { exchangeUrl: input.exchangeUrl } : {}),
        },
        {
          vet: deps.vet,
          ...(deps.ca ? { ca: deps.ca } : {}),
          approvedHosts: deps.approvedHosts,
          ...(deps.domainExchangeUrl ? { domainSettingsExchangeUrl: deps.domainExchangeUrl } : {}),
          testRecipient: deps.testRecipient,
        },
        onStep,
      );
      if (!result.ok) return result;
      const v = result.value;
      return {
        ok: true,
        value: {
          settings: {
            ewsUrl: v.ewsUrl,
            username: v.auth.username,
            authScheme: v.auth.scheme,
            serverVersion: describeVersion(v.server.version),
            smtpAddress: v.smtpAddress,
            ruleFolders: v.folders.ruleFolders.map((f) => ({
              id: f.id,
              name: f.displayName ?? f.id,
            })),
          },
          secrets: { password: input.password },
        },
      };
    },

    async openSession(account, deps, options) {
      const { ews, http } = await ewsLogin(account, deps);
      const session = new EwsSyncSession({
        ews,
        mailbox: account.settings.smtpAddress,
        http,
        store: options.store,
        ...(tuning.timing ? { timing: tuning.timing } : {}),
      });
      return reportSession(session, options.events);
    },

    async send(account, message, deps) {
      const { ews, http } = await ewsLogin(account, deps);
      try {
        // The outbox's Message-ID, so replies thread and are matched to this email.
        await sendEwsMessage(
          createEwsClient(ews, http),
          {
            from: { address: message.from.address, name: message.from.name ?? null },
            to: message.to,
            cc: message.cc ?? [],
            bcc: message.bcc ?? [],
            subject: message.subject,
            text: message.text ?? '',
            html: message.html ?? null,
            internetMessageId: message.messageId,
            inReplyTo: message.inReplyTo ?? null,
            references: message.references ?? [],
          },
          AbortSignal.timeout(SEND_TIMEOUT_MS),
        );
      } catch (err) {
        throw classifyExchangeError(err, 'send');
      }
      return { messageId: message.messageId };
    },
  };
}
