import { imapConnectRefusal } from '@inlet/providers/detection';
import type { ConnectImapInput, ResolversTypes } from '../../__generated__/resolvers-types.js';
import type { ConnectionRow } from '../../db/tables/connection.table.js';
import type { GatewayServices } from '../../gateway-services.js';
import { connectionSettings } from '../../mail/stored-account.js';
import { readSecret } from '../../vault/secret-store.js';
import { validationFailed } from '../../validation.js';
import type { ViewerModel } from '../identity/viewer.js';
import { validateConnectImap } from './connect-imap.validation.js';
import { runConnect } from './connect-pipeline.js';
import { refused } from './connect-refusals.js';
import { connectionFailed } from './verification-events.js';

type Result = ResolversTypes['ConnectImapResult'];

/**
 * Reconnecting with separate SMTP credentials and no SMTP password keeps the stored one, as long as the
 * SMTP username is the stored one: a new username needs its own password (validation asks for it).
 */
async function withKeptSmtpPassword(
  services: GatewayServices,
  input: ConnectImapInput,
  reconnect: ConnectionRow,
): Promise<ConnectImapInput> {
  if (input.smtpSameCredentials !== false || input.smtpPassword) return input;
  const stored = connectionSettings(services.providers.IMAP, reconnect);
  if (stored.smtpSameCredentials || stored.smtpUsername !== input.smtpUsername?.trim())
    return input;
  const kept = await readSecret(services.db, services.vault, reconnect.id, 'smtp_password');
  return kept ? { ...input, smtpPassword: kept } : input;
}

/**
 * Connects (or, with `reconnect`, reconnects) an IMAP/SMTP mailbox: validates the form, refuses
 * mailboxes that must use OAuth or are unsupported, then runs the connect pipeline (IMAP, SMTP and a
 * test email, step by step, before anything is saved).
 */
export async function connectImap(
  services: GatewayServices,
  viewer: ViewerModel,
  input: ConnectImapInput,
  reconnect?: ConnectionRow,
): Promise<Result> {
  const checked = validateConnectImap(
    reconnect ? await withKeptSmtpPassword(services, input, reconnect) : input,
  );
  if (!checked.ok) return validationFailed(checked.problems);
  const { domain, ...account } = checked.value;

  if (reconnect && reconnect.email !== account.email) {
    return validationFailed([
      {
        field: 'email',
        message: `Reconnect keeps the address ${reconnect.email}; connect ${account.email} as a new inbox instead.`,
      },
    ]);
  }
  const policy = imapConnectRefusal({
    domain,
    imapHost: account.imap.host,
    smtpHost: account.smtp.host,
  });
  if (policy?.code === 'USE_OAUTH')
    return refused('USE_OAUTH', { email: account.email, provider: policy.provider });
  if (policy?.code === 'UNSUPPORTED_PROVIDER')
    return refused('UNSUPPORTED_PROVIDER', { reason: policy.reason });

  const outcome = await runConnect(services, viewer, {
    kind: 'IMAP',
    email: account.email,
    input: account,
    checkId: input.checkId,
    reconnect,
    smtpSameCredentials: account.smtpSameCredentials,
  });
  return outcome.__typename === 'VerifyFailed'
    ? connectionFailed(outcome.error, account.smtpSameCredentials)
    : outcome;
}
