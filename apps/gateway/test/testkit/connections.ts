import type { ConnectExchangeInput, ConnectImapInput } from '../gql/graphql.js';
import type { GatewayClient } from './client.js';
import { ConnectExchange, ConnectImap } from './documents.js';

type Execute = Pick<GatewayClient, 'execute'>;

/** Connects an IMAP inbox as the user of `cookie`; returns the connection id, or throws with what the gateway said. */
export async function connectImapInbox(
  gw: Execute,
  cookie: string,
  input: ConnectImapInput,
): Promise<string> {
  const res = await gw.execute(ConnectImap, { input }, { cookie });
  if (res.data?.connectImap.__typename !== 'Connection')
    throw new Error(`connectImap failed: ${JSON.stringify(res.data ?? res.errors)}`);
  return res.data.connectImap.id;
}

/** Connects an Exchange mailbox as the user of `cookie`; returns the connection id, or throws with what the gateway said. */
export async function connectExchangeMailbox(
  gw: Execute,
  cookie: string,
  input: ConnectExchangeInput,
): Promise<string> {
  const res = await gw.execute(ConnectExchange, { input }, { cookie });
  if (res.data?.connectExchange.__typename !== 'Connection')
    throw new Error(`connectExchange failed: ${JSON.stringify(res.data ?? res.errors)}`);
  return res.data.connectExchange.id;
}
