import { parseEmailAddress } from '@inlet/providers';
import { type ExchangeConnectInput } from '@inlet/providers/exchange';
import type { ConnectExchangeInput, ResolversTypes } from '../../__generated__/resolvers-types.js';
import type { ConnectionRow } from '../../db/tables/connection.table.js';
import type { GatewayServices } from '../../gateway-services.js';
import { validationFailed, type FieldProblem } from '../../validation.js';
import type { ViewerModel } from '../identity/viewer.js';
import { runConnect } from './connect-pipeline.js';
import { refused } from './connect-refusals.js';
import { connectionFailed } from './verification-events.js';

type Result = ResolversTypes['ConnectExchangeResult'];

/**
 * Connects (or, with `reconnect`, reconnects) an on-premises Exchange mailbox through the connect
 * pipeline: the EWS check finds and probes the URL (an OWA address is refused with the EWS URL to use),
 * checks the version, signs in, finds the SMTP address and sends the test email; only then saves.
 * Exchange Online is refused: it connects through Microsoft sign-in, never with a password.
 */
export async function connectExchange(
  services: GatewayServices,
  viewer: ViewerModel,
  input: ConnectExchangeInput,
  reconnect?: ConnectionRow,
): Promise<Result> {
  const problems: FieldProblem[] = [];
  const checked = parseEmailAddress(input.email);
  if (!checked.ok) problems.push({ field: 'email', message: checked.message });
  if (input.password === '')
    problems.push({ field: 'password', message: 'Enter the password of this mailbox.' });
  if (!checked.ok || problems.length > 0) return validationFailed(problems);
  const email = checked.address;
  if (reconnect && reconnect.email !== email) {
    return validationFailed([
      {
        field: 'email',
        message: `Reconnect keeps the address ${reconnect.email}; connect ${email} as a new inbox instead.`,
      },
    ]);
  }

  const account: ExchangeConnectInput = {
    email,
    password: input.password,
    ...(input.username?.trim() ? { username: input.username.trim() } : {}),
    ...(input.exchangeUrl?.trim() ? { exchangeUrl: input.exchangeUrl.trim() } : {}),
  };
  const outcome = await runConnect(services, viewer, {
    kind: 'EXCHANGE',
    email,
    input: account,
    checkId: input.checkId,
    reconnect,
  });
  if (outcome.__typename !== 'VerifyFailed') return outcome;
  const { error } = outcome;
  if (error.code === 'USE_MICROSOFT_365')
    return refused('USE_OAUTH', { email, provider: 'MICROSOFT_365' });
  return connectionFailed(error, true);
}
