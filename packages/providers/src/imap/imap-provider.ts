import { composeMessage } from '../core/compose-message.js';
import { ProviderError } from '../core/provider-error.js';
import type { ProviderModule, StoredAccount } from '../core/provider-module.js';
import { appendToSent, type ImapAppendAccount } from './append-to-sent.js';
import {
  guardsPerAccount,
  openImapSession,
  type ImapSessionTuning,
} from './imap-session-adapter.js';
import { imapSettingsSchema, type ImapConnectInput, type ImapSettings } from './imap-settings.js';
import { sendMessage } from './send-message.js';
import { sendTestEmail, TEST_EMAIL_STEPS } from './send-test-email.js';
import type { SmtpAccountInput } from './smtp-transport.js';
import { IMAP_STEPS, verifyImapAccount } from './verify-imap-account.js';
import { SMTP_STEPS, verifySmtpAccount } from './verify-smtp-account.js';

/** The decrypted logins of a stored IMAP account (secrets read just now, never cached). */
async function logins(
  account: StoredAccount<ImapSettings>,
): Promise<{ imap: ImapAppendAccount; smtp: SmtpAccountInput }> {
  const { settings } = account;
  const password = await account.secret('password');
  if (password === undefined)
    throw new ProviderError('AUTHENTICATION_FAILED', {
      step: 'login',
      detail: 'No password is stored for this connection.',
    });
  const smtpPassword = settings.smtpSameCredentials
    ? password
    : ((await account.secret('smtp_password')) ?? password);
  const { imap: imapPin, smtp: smtpPin } = settings.pinnedCertificates;
  return {
    imap: {
      ...settings.imap,
      username: settings.username,
      password,
      allowLegacyTls: settings.allowLegacyTls,
      ...(imapPin ? { pinned: imapPin } : {}),
    },
    smtp: {
      ...settings.smtp,
      username: settings.smtpUsername ?? settings.username,
      password: smtpPassword,
      allowLegacyTls: settings.allowLegacyTls,
      ...(smtpPin ? { pinnedFingerprint: smtpPin.fingerprint } : {}),
    },
  };
}

/**
 * Any IMAP + SMTP server with a password: verified step by step (IMAP, SMTP, a test email), synced
 * with IMAP IDLE, sent over SMTP with the copy appended to Sent (such servers do not keep one).
 */
export function imapProvider(
  tuning: ImapSessionTuning = {},
): ProviderModule<ImapSettings, ImapConnectInput, 'IMAP'> {
  const guardFor = guardsPerAccount(tuning.uidValidity);
  return {
    kind: 'IMAP',
    displayName: 'IMAP / SMTP',
    capabilities: {
      auth: 'PASSWORD',
      steps: [...IMAP_STEPS, ...SMTP_STEPS, ...TEST_EMAIL_STEPS],
      push: 'IMAP_IDLE',
      serverSavesSentCopy: false,
      sendAsAliases: false,
    },
    settingsSchema: imapSettingsSchema,
    secretNames: ['password', 'smtp_password'],
    hostOf: (settings) => settings.imap.host,

    async verify(input, deps, onStep) {
      const imap = await verifyImapAccount(
        {
          ...input.imap,
          username: input.username,
          password: input.password,
          trustAnyCertificate: input.trustAnyCertificate,
          allowLegacyTls: input.allowLegacyTls,
        },
        deps,
        onStep,
      );
      if (!imap.ok) return imap;
      const smtpAccount = {
        ...input.smtp,
        username: input.smtpUsername,
        password: input.smtpPassword,
        trustAnyCertificate: input.trustAnyCertificate,
        allowLegacyTls: input.allowLegacyTls,
      };
      // The test email goes over the check's signed-in connection: one connect + TLS + AUTH.
      const smtp = await verifySmtpAccount(smtpAccount, deps, onStep, { keepOpen: true });
      if (!smtp.ok) return smtp;
      const pinnedSmtp = smtp.value.pinnedFingerprint;
      const test = await sendTestEmail(
        {
          ...smtpAccount,
          ...(pinnedSmtp ? { pinnedFingerprint: pinnedSmtp } : {}),
          from: input.email,
          to: deps.testRecipient,
        },
        deps,
        onStep,
        smtp.value.session,
      );
      if (!test.ok) return test;
      return {
        ok: true,
        value: {
          settings: {
            username: input.username,
            imap: input.imap,
            smtp: input.smtp,
            smtpSameCredentials: input.smtpSameCredentials,
            smtpUsername: input.smtpSameCredentials ? null : input.smtpUsername,
            trustAnyCertificate: input.trustAnyCertificate,
            allowLegacyTls: input.allowLegacyTls,
            pinnedCertificates: {
              imap: imap.value.pinnedFingerprint
                ? { fingerprint: imap.value.pinnedFingerprint, pem: imap.value.tls.certificate.pem }
                : null,
              smtp:
                pinnedSmtp && smtp.value.certificate
                  ? { fingerprint: pinnedSmtp, pem: smtp.value.certificate.pem }
                  : null,
            },
            inboxPath: imap.value.folders.inbox,
            sentFolder: imap.value.folders.sent?.path ?? null,
            inboxAutomation: input.inboxAutomation,
          },
          secrets: {
            password: input.password,
            smtp_password: input.smtpSameCredentials ? null : input.smtpPassword,
          },
        },
      };
    },

    async openSession(account, deps, options) {
      const { imap } = await logins(account);
      const { settings } = account;
      return openImapSession(
        { ...imap, folders: { inbox: settings.inboxPath, sent: settings.sentFolder } },
        deps,
        options,
        { ...tuning, guards: guardFor(account.id) },
      );
    },

    async send(account, message, deps, held) {
      const { imap, smtp } = await logins(account);
      const composed = await composeMessage(message);
      const { refused } = await sendMessage(smtp, composed, deps, held);
      const sentFolder = account.settings.sentFolder;
      if (!sentFolder) return { messageId: composed.messageId, refused };
      // Sent already: a failed copy to Sent is reported, never turned into a send failure.
      const sentCopyError = await appendToSent(imap, sentFolder, composed.sentCopy, deps).then(
        () => undefined,
        (err: unknown) => err ?? new Error('append failed'),
      );
      return {
        messageId: composed.messageId,
        refused,
        ...(sentCopyError ? { sentCopyError } : {}),
      };
    },
  };
}
