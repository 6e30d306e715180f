import { randomUUID } from 'node:crypto';
import { describeVersion, normalizeEmailDomain, verifyExchangeAccount, type FoldersToSync, type OnStep, type ProviderError } from '@inlet/providers';
import type { ConnectExchangeInput, ResolversTypes } from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../context.js';
import { validationFailed, type FieldProblem } from '../../validation.js';
import { findDomainSettings } from '../domain-settings/domain-settings.service.js';
import type { ViewerModel } from '../identity/viewer.js';
import { testEmailRecipient } from './connect-imap.service.js';
import { commonRefusal, refused } from './connect-refusals.js';
import { adminHosts } from '../../mail/domain-hosts.js';
import { saveNewConnection } from './save-connection.js';
import { connectionFailed, stepEvent } from './verification-events.js';

type Result = ResolversTypes['ConnectExchangeResult'];

/** Non-secret settings of an Exchange connection, stored as connections.settings_json. */
export interface ExchangeSettings {
  ewsUrl: string;
  username: string;
  authScheme: string;
  serverVersion: string;
  smtpAddress: string;
  /** Targets of move/copy inbox rules, synced along with Inbox and Sent Items. */
  ruleFolders: { id: string; name: string }[];
}

function failed(error: ProviderError): Result {
  const suggestion = (error as { suggestedUrl?: string }).suggestedUrl ?? null;
  return { ...connectionFailed(error, true), suggestion };
}

/**
 * Refuses what must never reach a server, then lets the EWS check find and probe the URL (an OWA
 * address is refused with the EWS URL to use), check the version, sign in, find the SMTP address and
 * send the test email; only then saves the connection with the password encrypted.
 */
export async function connectExchange(services: GatewayServices, viewer: ViewerModel, input: ConnectExchangeInput): Promise<Result> {
  const email = input.email.trim().toLowerCase();
  const domain = normalizeEmailDomain(email);
  const problems: FieldProblem[] = [];
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || !domain.ok) problems.push({ field: 'email', message: 'Enter an email address such as jane@example.com.' });
  if (input.password === '') problems.push({ field: 'password', message: 'Enter the password of this mailbox.' });
  if (!domain.ok || problems.length > 0) return validationFailed(problems);

  const refusal = await commonRefusal(services, viewer, email, false);
  if (refusal) return refusal;

  const checkId = input.checkId ?? randomUUID();
  const onStep: OnStep = (report) => services.checkProgress.publish(viewer.user.id, stepEvent(checkId, report, true));
  const settings = await findDomainSettings(services.db, domain.host);
  const trusted = adminHosts(settings);
  const result = await verifyExchangeAccount(
    { email, password: input.password, ...(input.username?.trim() ? { username: input.username.trim() } : {}), ...(input.exchangeUrl?.trim() ? { exchangeUrl: input.exchangeUrl.trim() } : {}) },
    {
      vet: (host) => services.mailNetwork.vet(host, trusted),
      ...(services.mailNetwork.ca ? { ca: services.mailNetwork.ca } : {}),
      approvedHosts: trusted,
      ...(settings?.kind === 'EXCHANGE' && settings.exchange_url ? { domainSettingsExchangeUrl: settings.exchange_url } : {}),
      testRecipient: testEmailRecipient(services.mailNetwork.bccLoggingAddress, email, viewer.user.id),
    },
    onStep,
  );
  if (!result.ok) {
    if (result.error.code === 'USE_MICROSOFT_365') {
      return refused('USE_OAUTH', result.error.message, 'Choose "Connect with Microsoft": Exchange Online mailboxes connect through Microsoft sign-in, never with a password.');
    }
    return failed(result.error);
  }
  const v = result.value;
  const exchange: ExchangeSettings = {
    ewsUrl: v.ewsUrl,
    username: v.auth.username,
    authScheme: v.auth.scheme,
    serverVersion: describeVersion(v.server.version),
    smtpAddress: v.smtpAddress,
    ruleFolders: ruleFoldersOf(v.folders),
  };

  services.checkProgress.publish(viewer.user.id, { checkId, step: 'SAVE', status: 'RUNNING', detail: null, error: null });
  const saved = await saveNewConnection(services, viewer, { email, provider: 'EXCHANGE', settings: exchange }, { password: input.password });
  if (saved.__typename === 'Connection') {
    services.checkProgress.publish(viewer.user.id, { checkId, step: 'SAVE', status: 'PASSED', detail: 'Saved with the password encrypted', error: null });
  }
  return saved;
}

function ruleFoldersOf(folders: FoldersToSync): { id: string; name: string }[] {
  return folders.ruleFolders.map((f) => ({ id: f.id, name: f.displayName ?? f.id }));
}
