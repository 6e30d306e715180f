import { randomUUID } from 'node:crypto';
import { imapConnectRefusal, sendTestEmail, verifyImapAccount, verifySmtpAccount, type OnStep } from '@inlet/providers';
import type { ConnectImapInput, ResolversTypes } from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../context.js';
import type { ConnectionRow } from '../../db/tables/connection.table.js';
import { validationFailed } from '../../validation.js';
import { findDomainSettings } from '../domain-settings/domain-settings.service.js';
import type { ViewerModel } from '../identity/viewer.js';
import { validateConnectImap, type CheckedImapInput } from './connect-imap.validation.js';
import { replaceConnectionCredentials, saveNewConnection } from './save-connection.js';
import { commonRefusal, refused } from './connect-refusals.js';
import type { ImapSettings } from './connection-settings.js';
import { adminHosts } from '../../mail/domain-hosts.js';
import { connectionFailed, stepEvent } from './verification-events.js';

type Result = ResolversTypes['ConnectImapResult'];

/** Where the test email goes: the configured logging address, or the account itself. */
export function testEmailRecipient(template: string | undefined, email: string, userId: string): string {
  return template ? template.replaceAll('{email}', email).replaceAll('{userId}', userId) : email;
}

/**
 * Refuses what must never reach a server (view-only seat, address already connected, OAuth-only or
 * unsupported providers), then verifies IMAP, SMTP and a test email step by step, reporting each step
 * on connectionCheck(checkId), and only then saves the connection with its secrets encrypted.
 */
export async function connectImap(
  services: GatewayServices,
  viewer: ViewerModel,
  input: ConnectImapInput,
  /** Reconnect: the connection whose settings and password are replaced (its id, history and sync state stay). */
  reconnect?: ConnectionRow,
): Promise<Result> {
  const checked = validateConnectImap(input);
  if (!checked.ok) return validationFailed(checked.problems);
  const account = checked.value;

  if (reconnect && reconnect.email !== account.email) {
    return validationFailed([{ field: 'email', message: `Reconnect keeps the address ${reconnect.email}; connect ${account.email} as a new inbox instead.` }]);
  }
  const policy = imapConnectRefusal({ domain: account.domain, imapHost: account.imap.host, smtpHost: account.smtp.host });
  if (policy?.code === 'USE_OAUTH') {
    const name = policy.provider === 'GMAIL' ? 'Google' : 'Microsoft';
    return refused('USE_OAUTH', `${account.email} is a ${name} mailbox: connect it with ${name} instead of a password.`, `Choose "Connect with ${name}".`);
  }
  if (policy?.code === 'UNSUPPORTED_PROVIDER') return refused('UNSUPPORTED_PROVIDER', policy.reason, 'Use another mailbox, or ask your administrator.');
  const refusal = await commonRefusal(services, viewer, account.email, Boolean(reconnect));
  if (refusal) return refusal;

  const checkId = input.checkId ?? randomUUID();
  const onStep: OnStep = (report) =>
    services.checkProgress.publish(viewer.user.id, stepEvent(checkId, report, account.smtpSameCredentials));
  const fail = (error: Parameters<typeof connectionFailed>[0]): Result => connectionFailed(error, account.smtpSameCredentials);

  const settings = await findDomainSettings(services.db, account.domain);
  const trustedHosts = adminHosts(settings);
  const deps = { vet: (host: string) => services.mailNetwork.vet(host, trustedHosts), ...(services.mailNetwork.ca ? { ca: services.mailNetwork.ca } : {}) };

  const imap = await verifyImapAccount(
    { ...account.imap, username: account.username, password: account.password, trustAnyCertificate: account.trustAnyCertificate },
    deps,
    onStep,
  );
  if (!imap.ok) return fail(imap.error);

  const smtpAccount = { ...account.smtp, username: account.smtpUsername, password: account.smtpPassword, trustAnyCertificate: account.trustAnyCertificate };
  const smtp = await verifySmtpAccount(smtpAccount, deps, onStep);
  if (!smtp.ok) return fail(smtp.error);
  const pinnedSmtp = smtp.value.pinnedFingerprint;
  const test = await sendTestEmail(
    { ...smtpAccount, ...(pinnedSmtp ? { pinnedFingerprint: pinnedSmtp } : {}), from: account.email, to: testEmailRecipient(services.mailNetwork.bccLoggingAddress, account.email, viewer.user.id) },
    deps,
    onStep,
  );
  if (!test.ok) return fail(test.error);

  publishSave(services, viewer.user.id, checkId, 'RUNNING');
  const saved = await save(services, viewer, account, reconnect, {
    username: account.username,
    imap: account.imap,
    smtp: account.smtp,
    smtpSameCredentials: account.smtpSameCredentials,
    smtpUsername: account.smtpSameCredentials ? null : account.smtpUsername,
    trustAnyCertificate: account.trustAnyCertificate,
    pinnedCertificates: {
      imap: imap.value.pinnedFingerprint ? { fingerprint: imap.value.pinnedFingerprint, pem: imap.value.tls.certificate.pem } : null,
      smtp: pinnedSmtp && smtp.value.certificate ? { fingerprint: pinnedSmtp, pem: smtp.value.certificate.pem } : null,
    },
    inboxPath: imap.value.folders.inbox,
    sentFolder: imap.value.folders.sent?.path ?? null,
    inboxAutomation: account.inboxAutomation,
  });
  publishSave(services, viewer.user.id, checkId, saved.__typename === 'Connection' ? 'PASSED' : 'FAILED');
  return saved;
}

async function save(
  services: GatewayServices,
  viewer: ViewerModel,
  account: CheckedImapInput,
  reconnect: ConnectionRow | undefined,
  settings: ImapSettings,
): Promise<Result> {
  if (reconnect) {
    return replaceConnectionCredentials(services, viewer, reconnect, settings, {
      password: account.password,
      smtp_password: settings.smtpSameCredentials ? null : account.smtpPassword,
    }, 'Reconnected with new credentials');
  }
  return saveNewConnection(services, viewer, { email: account.email, provider: 'IMAP', settings }, {
    password: account.password,
    ...(settings.smtpSameCredentials ? {} : { smtp_password: account.smtpPassword }),
  });
}

function publishSave(services: GatewayServices, userId: string, checkId: string, status: 'RUNNING' | 'PASSED' | 'FAILED'): void {
  const detail = status === 'PASSED' ? 'Saved with the password encrypted; synchronisation starts next' : null;
  services.checkProgress.publish(userId, { checkId, step: 'SAVE', status, detail, error: null });
}
