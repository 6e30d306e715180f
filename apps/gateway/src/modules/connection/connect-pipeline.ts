import { randomUUID } from 'node:crypto';
import {
  providerFor,
  type OnStep,
  type ProviderError,
  type ProviderKind,
  type VerifiedAccount,
} from '@inlet/providers';
import type { ConnectionRow } from '../../db/tables/connection.table.js';
import type { GatewayServices } from '../../gateway-services.js';
import { findDomainSettings } from '../../mail/domain-hosts.js';
import { domainOf, mailDepsFor } from '../../mail/stored-account.js';
import type { ViewerModel } from '../identity/viewer.js';
import { commonRefusal, type Refusal } from './connect-refusals.js';
import { replaceConnectionCredentials, saveNewConnection } from './save-connection.js';
import { stepEvent } from './verification-events.js';

/** Where the test email goes: the configured logging address, or the account itself. */
export function testEmailRecipient(
  template: string | undefined,
  email: string,
  userId: string,
): string {
  return template ? template.replaceAll('{email}', email).replaceAll('{userId}', userId) : email;
}

export interface ConnectRequest<Input> {
  kind: ProviderKind;
  email: string;
  /** The module's verify input, already validated. */
  input: Input;
  checkId: string | null | undefined;
  /** Reconnect: the connection whose settings and secrets are replaced (id, history and sync state stay). */
  reconnect?: ConnectionRow | undefined;
  /** Reports failures with the right field (IMAP: SMTP may share the IMAP credentials). */
  smtpSameCredentials?: boolean;
}

export type ConnectOutcome =
  | ({ __typename: 'Connection' } & ConnectionRow)
  | Refusal
  | { __typename: 'VerifyFailed'; error: ProviderError };

/**
 * The one connect pipeline, for every kind, for connect and reconnect: common refusals (seat, address
 * already connected, rate) -> the provider's verify, each step reported live on connectionCheck(checkId)
 * -> save with the secrets encrypted (or replace them, on reconnect) -> hand to sync.
 */
export async function runConnect<Input>(
  services: GatewayServices,
  viewer: ViewerModel,
  request: ConnectRequest<Input>,
): Promise<ConnectOutcome> {
  const { email, reconnect } = request;
  const refusal = await commonRefusal(services, viewer, email, Boolean(reconnect));
  if (refusal) return refusal;

  const checkId = request.checkId ?? randomUUID();
  const sameCredentials = request.smtpSameCredentials ?? true;
  const onStep: OnStep = (report) =>
    services.checkProgress.publish(viewer.user.id, stepEvent(checkId, report, sameCredentials));
  const module = providerFor(services.providers, request.kind);
  const outcome = await module.verify(
    request.input,
    await verifyDepsFor(services, viewer, email),
    onStep,
  );
  if (!outcome.ok) return { __typename: 'VerifyFailed', error: outcome.error };

  publishSave(services, viewer.user.id, checkId, 'RUNNING');
  const saved = await saveVerified(
    services,
    viewer,
    request.kind,
    email,
    outcome.value as VerifiedAccount<object>,
    reconnect,
    reconnect ? 'Reconnected with new credentials' : undefined,
  );
  publishSave(
    services,
    viewer.user.id,
    checkId,
    saved.__typename === 'Connection' ? 'PASSED' : 'FAILED',
  );
  return saved;
}

/** What a check may use: vetted network access, hosts the admin trusts, and where the test email goes. */
export async function verifyDepsFor(services: GatewayServices, viewer: ViewerModel, email: string) {
  const deps = await mailDepsFor(services, email);
  const domain = await findDomainSettings(services.db, domainOf(email));
  return {
    ...deps,
    approvedHosts: deps.trustedHosts,
    ...(domain?.kind === 'EXCHANGE' && domain.exchange_url
      ? { domainExchangeUrl: domain.exchange_url }
      : {}),
    testRecipient: testEmailRecipient(
      services.mailNetwork.bccLoggingAddress,
      email,
      viewer.user.id,
    ),
  };
}

/** Saves a verified account as a new connection, or replaces a reconnected one's settings and secrets. */
export async function saveVerified(
  services: GatewayServices,
  viewer: ViewerModel,
  kind: ProviderKind,
  email: string,
  verified: VerifiedAccount<object>,
  reconnect: ConnectionRow | undefined,
  message?: string,
): Promise<({ __typename: 'Connection' } & ConnectionRow) | Refusal> {
  if (reconnect)
    return replaceConnectionCredentials(
      services,
      viewer,
      reconnect,
      verified.settings,
      verified.secrets,
      message ?? 'Reconnected with new credentials',
    );
  const secrets = Object.fromEntries(
    Object.entries(verified.secrets).filter(([, v]) => typeof v === 'string'),
  ) as Record<string, string>;
  return saveNewConnection(
    services,
    viewer,
    { email, provider: kind, settings: verified.settings },
    secrets,
    message,
  );
}

function publishSave(
  services: GatewayServices,
  userId: string,
  checkId: string,
  status: 'RUNNING' | 'PASSED' | 'FAILED',
): void {
  const detail =
    status === 'PASSED' ? 'Saved with the secrets encrypted; synchronisation starts next' : null;
  services.checkProgress.publish(userId, { checkId, step: 'save', status, detail, error: null });
}
